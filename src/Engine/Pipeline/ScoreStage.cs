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

    public static Task<ScoreOutcome> RunAsync(ScoreRequest request, IReporter reporter, CancellationToken cancellationToken = default) =>
        RunAsync(request, DatasetLoader.Load(request.Images, reporter), contentKeys: null, reporter, cancellationToken);

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

        var features = DatasetFeatures.Compute(dataset, request.Featurization, request.FailOnBadImage, reporter, cancellationToken, contentKeys);
        var kept = features.Dataset;
        var training = TrainingSet.FromFloats(features.Rows, kept.Labels(), kept.ClassCount);

        var fitClock = Stopwatch.StartNew();
        double c;
        if (request.C is { } fixedC)
        {
            c = fixedC;
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
            var cv = CrossValidation.ChooseC(training);
            c = cv.BestC;
            reporter.Info($"C = {c.ToString(CultureInfo.InvariantCulture)} chosen by stratified 4-fold cross-validation");
        }

        var model = SoftmaxRegression.Fit(training, c);
        var fitSeconds = fitClock.Elapsed.TotalSeconds;

        // Loss is always written: one pass over the fitted probe. Influence (a Cholesky and solves) only when asked.
        var wantInfluence = request.Score is null or "influence";
        var scoreClock = Stopwatch.StartNew();
        var loss = PointScores.Loss(model, training);
        var influence = wantInfluence ? PointScores.Influence(model, training) : null;
        reporter.Info(
            $"fit {kept.Count} images x {training.Dimension} features, {kept.ClassCount} classes in {fitSeconds:0.0} s; " +
            $"scored {(wantInfluence ? "loss and influence" : "loss")} in {scoreClock.Elapsed.TotalSeconds:0.0} s " +
            $"(training accuracy {model.Accuracy(training):P1})");

        var rows = kept.Images.Select((e, i) => new ScoreRow { Path = e.Path, Label = e.Label, Class = e.ClassName, Loss = loss[i], Influence = influence?[i] }).ToList();
        var metadata = new Dictionary<string, string>
        {
            [ScoreMetadata.Images] = Path.GetFullPath(request.Images),
            [ScoreMetadata.Featurizer] = request.Featurization.Spec,
            [ScoreMetadata.FeaturizerIdentity] = features.FeaturizerIdentity,
            [ScoreMetadata.Classes] = JsonSerializer.Serialize(kept.ClassNames),
            [ScoreMetadata.C] = c.ToString("R", CultureInfo.InvariantCulture),
            [ScoreMetadata.ToolVersion] = ToolVersion.Current,
        };
        if (request.Featurization.CacheDir is { } cacheDir)
        {
            metadata[ScoreMetadata.Cache] = Path.GetFullPath(cacheDir);
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

    private static (string Name, int Count) SmallestClass(ImageDataset dataset) =>
        dataset.ClassNames
            .Select((name, label) => (name, dataset.Images.Count(e => e.Label == label)))
            .MinBy(t => t.Item2);
}

public sealed record ScoreOutcome(string ScoresFile, int Count, double C);
