using System.Globalization;
using System.Text.Json;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Selection;
using AugBuild.Engine.Settings;
using AugBuild.Engine.Tables;

namespace AugBuild.Engine.Pipeline;

/// <summary>Turns scores into an ordering by a policy and writes the budgeted selection to selection.parquet.</summary>
public static class SelectStage
{
    public const string SelectionFileName = "selection.parquet";
    public static async Task<SelectOutcome> RunAsync(SelectRequest request, IReporter reporter, CancellationToken cancellationToken = default)
    {
        PathSettings.RequirePath(request.ScoresFile, "--scores");
        PathSettings.RequirePath(request.OutputDir, "--out");
        PathSettings.RequireOptionalPath(request.Images, "--images");
        PathSettings.RequireCacheFolder(request.Featurization.CacheDir);
        var table = await ParquetTable.ReadAsync<ScoreRow>(request.ScoresFile, cancellationToken).ConfigureAwait(false);
        var rows = table.Rows;
        var n = rows.Count;
        var settings = request.Selection;
        var spec = settings.Policy;
        var m = settings.Budget.Resolve(n, reporter);
        var transforms = request.Output.Transforms;
        var scores = ScoreColumn(rows, settings.Score, request.ScoresFile, required: spec.ReadsScores);

        var needsFeatures = spec.Kind == PolicyKind.Vsv || spec.Update;
        FeatureContext? context = needsFeatures ? LoadFeatures(request, table, reporter, cancellationToken) : null;
        using var copies = spec.Update
            ? new CopyFeatures(context!.Featurization, transforms, reporter)
            : null;

        var selectionRequest = new SelectionRequest
        {
            Policy = spec,
            PointCount = n,
            Budget = m,
            Scores = scores,
            SuspectLabels = rows.Select(r => r.SuspectLabel).ToArray(),
            Seed = settings.Seed,
            CopiesPerPoint = transforms.CopiesPerImage,
            Features = context?.Training.Features.ToArray(),
            Dimension = context?.Training.Dimension ?? 0,
            Labels = context?.Training.Labels,
            ClassCount = context?.Training.ClassCount ?? 0,
            Reporter = reporter,
            Rescore = spec.Update
                ? augmented => Rescore(context!, copies!, augmented, spec.Downweight, settings.Score, cancellationToken)
                : null,
        };
        var result = Selector.Select(selectionRequest);

        var output = rows.Select((r, i) => new SelectionRow
        {
            Path = r.Path,
            Rank = result.Rank[i],
            Selected = result.Selected[i],
            Weight = result.Weight[i],
            Score = result.Score[i],
            SelfConfidence = r.SelfConfidence,
            SuspectLabel = r.SuspectLabel,
        }).ToList();
        var metadata = new Dictionary<string, string>(table.Metadata)
        {
            [SelectionMetadata.Budget] = settings.Budget.ToString(),
            [SelectionMetadata.Policy] = spec.ToString(),
            [SelectionMetadata.Score] = settings.Score,
            [SelectionMetadata.Seed] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            [SelectionMetadata.Transforms] = transforms.ToString(),
        };
        var path = Path.Combine(request.OutputDir, SelectionFileName);
        await ParquetTable.WriteAsync(path, output, metadata, cancellationToken).ConfigureAwait(false);

        var on = spec.ReadsScores ? $" on {settings.Score}" : "";
        var percent = n == 0 ? 0 : 100.0 * result.Budget / n;
        var guarded = result.GuardedCount > 0 ? $"; the guard set aside {result.GuardedCount} images (top of the score and suspected labels)" : "";
        reporter.Info($"selected {result.Budget} of {n} ({percent:0.#}%) by {spec}{on}{guarded}");
        return new SelectOutcome(path, result.Budget, n);
    }

    /// <summary>The column the policy reads; baseline and vsv only record it, so a missing one is then zeros.</summary>
    private static double[]? ScoreColumn(IReadOnlyList<ScoreRow> rows, string score, string file, bool required)
    {
        var values = rows.Select(r => score == "loss" ? r.Loss : r.Influence).ToArray();
        var missing = values.Any(v => v is null || double.IsNaN(v.Value));
        if (missing && required)
        {
            throw new AugBuildException(PipelineErrors.ScoreMissing, $"'{file}' has no {score} scores (it was written with --score). Rerun 'augbuild score' without --score, or select on the other score.", file);
        }

        return missing ? null : values.Select(v => v!.Value).ToArray();
    }

    /// <summary>vsv and update need the originals' features: recompute them (from the cache) for the scored images.</summary>
    private static FeatureContext LoadFeatures(SelectRequest request, TableContent<ScoreRow> table, IReporter reporter, CancellationToken ct)
    {
        var images = request.Images ?? Meta(table, ScoreMetadata.Images, "--images", request.ScoresFile);
        var featurization = request.Featurization with
        {
            Featurizer = request.Featurization.Featurizer ?? Meta(table, ScoreMetadata.Featurizer, "--featurizer", request.ScoresFile),
            CacheDir = request.Featurization.CacheDir ?? table.Metadata.GetValueOrDefault(ScoreMetadata.Cache),
        };
        var dataset = DatasetLoader.Load(images, reporter);
        var byPath = dataset.Images.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var entries = new List<ImageEntry>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            if (!byPath.TryGetValue(row.Path, out var entry))
            {
                throw new AugBuildException(PipelineErrors.ScoresDoNotMatchImages, $"'{request.ScoresFile}' scores '{row.Path}', which is not in '{images}'. Rescore the images, or pass the --images they were scored from.", request.ScoresFile);
            }

            entries.Add(entry with { Label = row.Label });
        }

        var classes = table.Metadata.TryGetValue(ScoreMetadata.Classes, out var json)
            ? JsonSerializer.Deserialize<string[]>(json)!
            : [.. dataset.ClassNames];
        var scored = new ImageDataset(dataset.Root, classes, entries);
        var features = DatasetFeatures.Compute(scored, featurization, failOnBadImage: true, reporter, ct);
        var c = double.Parse(table.Metadata.GetValueOrDefault(ScoreMetadata.C) ?? "1", CultureInfo.InvariantCulture);
        var training = TrainingSet.FromFloats(features.Rows, scored.Labels(), scored.ClassCount);
        // Rescoring at update checkpoints uses the influence method the score stage ran (block when exact did not fit).
        var influence = table.Metadata.GetValueOrDefault(ScoreMetadata.Influence) == "block" ? InfluenceMethod.Block : InfluenceMethod.Exact;
        return new FeatureContext(scored, features.Rows, training, c, featurization, new ExtendedFits(training, c), influence);
    }

    private static double[] Rescore(FeatureContext context, CopyFeatures copies, IReadOnlyList<int> augmented, bool downweight, string score, CancellationToken ct)
    {
        var copyRows = copies.For(augmented, context.Dataset, ct);
        var weights = downweight ? Downweighting.Weights(context.Rows.Count, augmented, copies.CopiesPerImage) : null;
        var fit = AugmentedTraining.Build(context.Rows, context.Training.Labels, context.Training.ClassCount, augmented, copyRows, weights);
        var model = context.Fits.Fit(fit);
        return AugmentedTraining.ScoreOriginals(model, fit, context.Rows.Count, score, context.Influence);
    }

    private static string Meta(TableContent<ScoreRow> table, string key, string option, string file) =>
        table.Metadata.GetValueOrDefault(key)
        ?? throw new AugBuildException(PipelineErrors.ScoreMissing, $"'{file}' does not record {key}; pass {option}.", file);

    /// <param name="Fits">Refits at update checkpoints start from the originals' fit (made once) and use its Hessian factor.</param>
    private sealed record FeatureContext(ImageDataset Dataset, IReadOnlyList<float[]> Rows, TrainingSet Training, double C, FeaturizationSettings Featurization, ExtendedFits Fits, InfluenceMethod Influence);
}

public sealed record SelectOutcome(string SelectionFile, int Selected, int Total);
