using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Tables;

namespace AugBuild.Engine.Pipeline;

/// <summary>Featurize the dataset, fit the probe, and write every image's loss and influence to scores.parquet.</summary>
public static class ScoreStage
{
    public const string ScoresFileName = "scores.parquet";
    public const string FeaturesFileName = "features.parquet";

    public static Task<ScoreOutcome> RunAsync(ScoreRequest request, IReporter reporter, CancellationToken cancellationToken = default)
    {
        PathSettings.RequireImages(request.Images);
        PathSettings.RequirePath(request.OutputDir, "--out");
        PathSettings.RequireWritableFile(Path.Combine(Path.GetFullPath(request.OutputDir), ScoresFileName));
        PathSettings.RequireCacheFolder(request.Featurization.CacheDir);
        PathSettings.RequireFeaturizer(request.Featurization.Spec);
        return RunAsync(request, DatasetLoader.Load(request.Images, reporter), contentKeys: null, reporter, cancellationToken);
    }

    /// <param name="dataset">The dataset of <see cref="ScoreRequest.Images"/>, already loaded.</param>
    /// <param name="contentKeys">Its files' content hashes where the caller has them (so no file is read twice), else null.</param>
    internal static async Task<ScoreOutcome> RunAsync(
        ScoreRequest request, ImageDataset dataset, IReadOnlyList<string?>? contentKeys, IReporter reporter, CancellationToken cancellationToken)
    {
        if (dataset.ClassCount < 2)
        {
            throw new AugBuildException(
                DatasetErrors.TooFewClasses,
                $"'{request.Images}' holds images of {dataset.ClassCount} class(es) ({string.Join(", ", dataset.ClassNames)}); scoring needs at least two. Add a class folder or manifest labels.",
                request.Images);
        }

        var wantInfluence = request.Score is null or "influence";
        long budget = request.MemoryBudget ?? ProbeMemory.DefaultBudget();
        ProbePlan Plan(int n, int d, int k) => ProbePlan.Make(n, d, k, FoldsFor(request, n), wantInfluence ? request.Influence : null, budget, request.Images);

        // The memory estimate runs before featurizing when the featurizer knows its dimension, so a probe that
        // cannot fit fails before the long stage, not after it.
        var features = DatasetFeatures.Compute(dataset, request.Featurization, request.FailOnBadImage, reporter, cancellationToken, contentKeys,
            beforeFeaturizing: d => { if (d > 0) Plan(dataset.Count, d, dataset.ClassCount); });
        var kept = features.Dataset;
        if (kept.ClassCount < 2)
        {
            throw new AugBuildException(
                DatasetErrors.TooFewClasses,
                $"Only class '{kept.ClassNames[0]}' has readable images; scoring needs at least two classes. Fix or replace the unreadable images (listed above).",
                request.Images);
        }


        // Rows in content order (hash, then label): the fit, the folds and so every score are the same, bit for bit,
        // whatever the files are named or the order they are listed in.
        var order = ContentOrder(features.ContentKeys, kept.Labels());
        var labels = kept.Labels();
        var training = TrainingSet.FromFloats([.. order.Select(i => features.Rows[i])], [.. order.Select(i => labels[i])], kept.ClassCount);
        var plan = Plan(training.Count, training.Dimension, training.ClassCount);

        var fitClock = Stopwatch.StartNew();
        double c;
        var outOfFold = OutOfFold.Empty;
        if (request.C is { } fixedC)
        {
            // No C grid to search, but the label flag still needs held-out probabilities: one 4-fold CV at this C (4 fits).
            c = fixedC;
            if (SmallestClass(kept).Count >= CvFolds)
                outOfFold = CrossValidation.OutOfFoldAt(training, c, CvFolds);
        }
        else if (SmallestClass(kept) is var (smallName, smallCount) && smallCount < CvFolds)
        {
            c = 1;
            reporter.Warning(PipelineErrors.CvFallback,
                $"Class '{smallName}' has {smallCount} image(s), fewer than the {CvFolds} cross-validation folds, so C cannot be chosen by cross-validation; using C = 1. Add images to that class, or pass --C.",
                request.Images);
        }
        else
        {
            var cv = CrossValidation.ChooseC(training, [.. order.Select(i => features.ContentKeys[i])], folds: CvFolds,
                options: new FitOptions { Reporter = reporter });
            c = cv.BestC;
            outOfFold = cv.OutOfFold;
            reporter.Info($"C = {c.ToString(CultureInfo.InvariantCulture)} chosen by stratified 4-fold cross-validation");
        }

        var model = SoftmaxRegression.Fit(training, c, new FitOptions { Reporter = reporter });
        var fitSeconds = fitClock.Elapsed.TotalSeconds;

        // Loss is always written: one pass over the fitted probe. Influence only when asked, by the planned method.
        var scoreClock = Stopwatch.StartNew();
        var loss = Unsort(PointScores.Loss(model, training), order);
        var influence = plan.Influence switch
        {
            InfluenceMethod.Exact => Unsort(PointScores.Influence(model, training, reporter: reporter), order),
            InfluenceMethod.Block => Unsort(PointScores.BlockInfluence(model, training, reporter: reporter), order),
            _ => null,
        };
        if (plan.Influence is not null) reporter.Info($"influence: {plan.Reason}");
        reporter.Info(
            $"fit {kept.Count} images x {training.Dimension} features, {kept.ClassCount} classes in {fitSeconds:0.0} s " +
            $"({model.Iterations} Newton steps, {model.HessianVectorProducts} CG products); " +
            $"scored {(influence is not null ? "loss and influence" : "loss")} in {scoreClock.Elapsed.TotalSeconds:0.0} s " +
            $"(training accuracy {model.Accuracy(training):P1})");

        var selfConfidence = outOfFold.IsKnown ? Unsort(outOfFold.SelfConfidence(), order) : Enumerable.Repeat(double.NaN, kept.Count).ToArray();
        var suspects = outOfFold.IsKnown ? Unsort(outOfFold.SuspectLabels(), order) : new bool[kept.Count];
        if (outOfFold.IsKnown)
            reporter.Info($"label check: {suspects.Count(f => f)} of {kept.Count} images have a suspected label issue (confident learning on out-of-fold probabilities; column suspect_label)");
        var rows = kept.Images.Select((e, i) => new ScoreRow
        {
            Path = e.Path, Label = e.Label, Class = e.ClassName, Loss = loss[i], Influence = influence?[i],
            SelfConfidence = selfConfidence[i], SuspectLabel = suspects[i],
        }).ToList();
        var metadata = new Dictionary<string, string>
        {
            [ScoreMetadata.Images] = Path.GetFullPath(request.Images),
            [ScoreMetadata.Featurizer] = request.Featurization.Spec,
            [ScoreMetadata.FeaturizerIdentity] = features.FeaturizerIdentity,
            [ScoreMetadata.Classes] = JsonSerializer.Serialize(kept.ClassNames),
            [ScoreMetadata.C] = c.ToString("R", CultureInfo.InvariantCulture),
            [ScoreMetadata.Influence] = plan.Influence is { } method ? InfluenceMethods.Name(method) : "none",
            [ScoreMetadata.InfluenceReason] = plan.Reason,
            [ScoreMetadata.ToolVersion] = ToolVersion.Current,
        };
        if (request.Featurization.CacheDir is { } cacheDir)
        {
            // An s3:// cache is recorded as its URI (select --update reopens it from here), a folder as its full path.
            metadata[ScoreMetadata.Cache] = Storage.StorageLocation.Parse(cacheDir, "--cache").ToString();
        }

        var scoresPath = Path.Combine(request.OutputDir, ScoresFileName);
        await ParquetTable.WriteAsync(scoresPath, rows, metadata, cancellationToken).ConfigureAwait(false);
        if (request.ExportFeatures)
        {
            var featureRows = kept.Images.Select((e, i) => new FeatureRow { Path = e.Path, Label = e.Label, Features = features.Rows[i] }).ToList();
            await ParquetTable.WriteAsync(Path.Combine(request.OutputDir, FeaturesFileName), featureRows, metadata, cancellationToken).ConfigureAwait(false);
        }

        reporter.Info($"wrote {rows.Count} scores to {scoresPath}");
        return new ScoreOutcome(scoresPath, rows.Count, c);
    }

    private const int CvFolds = 4;

    /// <summary>Folds the fit stage will run (0 when C is given), for the memory estimate.</summary>
    private static int FoldsFor(ScoreRequest request, int n) => request.C is null && n >= 2 * CvFolds ? CvFolds : 0;

    /// <summary>Row indices ordered by content key, then label (the same image under two labels), ordinal.</summary>
    private static int[] ContentOrder(IReadOnlyList<string> keys, int[] labels)
    {
        var order = Enumerable.Range(0, labels.Length).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a], keys[b]) is var byKey and not 0 ? byKey : labels[a].CompareTo(labels[b]));
        return order;
    }

    /// <summary>values[j] belongs to row order[j]: back to the dataset's row order.</summary>
    private static T[] Unsort<T>(T[] values, int[] order)
    {
        var result = new T[values.Length];
        for (int j = 0; j < order.Length; j++) result[order[j]] = values[j];
        return result;
    }

    private static (string Name, int Count) SmallestClass(ImageDataset dataset) =>
        dataset.ClassNames
            .Select((name, label) => (name, dataset.Images.Count(e => e.Label == label)))
            .MinBy(t => t.Item2);
}

public sealed record ScoreOutcome(string ScoresFile, int Count, double C);
