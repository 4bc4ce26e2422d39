using System.Diagnostics;
using System.Globalization;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// score, select and materialize in one go. Each stage keeps a stamp of exactly what it depends on in
/// <c>&lt;out&gt;/.augbuild/</c> and is skipped while its stamp and outputs are current, so changing the budget
/// reruns only select and materialize, and an unchanged rerun does nothing.
/// </summary>
public static class RunPipeline
{
    public const string StateFolder = ".augbuild";

    public static async Task<RunOutcome> RunAsync(RunRequest request, IReporter reporter, CancellationToken cancellationToken = default)
    {
        ValidateOptions(request);
        var outDir = Path.GetFullPath(request.OutputDir);
        var state = Path.Combine(outDir, StateFolder);
        var scores = Path.Combine(outDir, ScoreStage.ScoresFileName);
        var selection = Path.Combine(outDir, SelectStage.SelectionFileName);
        var datasetDir = Path.Combine(outDir, "dataset");
        using var runLock = RunLock.Acquire(outDir);

        var dataset = DatasetLoader.Load(request.Images, reporter);
        var contentKeys = ContentKeys(dataset);
        var scoreStamp = ScoreStamp(request, dataset, contentKeys);
        var clock = Stopwatch.StartNew();
        var stages = new StageRunner(state, reporter);
        await stages.RunAsync("score", scoreStamp, scores, $"score: {dataset.Count} images unchanged, reused {scores}", () =>
            ScoreStage.RunAsync(
                new ScoreRequest
                {
                    Images = request.Images,
                    OutputDir = outDir,
                    Featurizer = request.Featurizer,
                    Device = request.Device,
                    CacheDir = request.CacheDir,
                    C = request.C,
                    BatchSize = request.BatchSize,
                    FailOnBadImage = request.FailOnBadImage,
                },
                dataset,
                contentKeys,
                reporter,
                cancellationToken)).ConfigureAwait(false);

        var selectStamp = new StageStamp()
            .Add("score", scoreStamp.Value)
            .Add("budget", request.Budget)
            .Add("policy", request.Policy)
            .Add("score-kind", request.Score)
            .Add("update", request.Update.ToString())
            .Add("downweight", request.Downweight.ToString())
            .Add("seed", request.Seed.ToString(CultureInfo.InvariantCulture))
            .Add("transforms", request.Update || request.Downweight ? request.Transforms : "-");
        await stages.RunAsync("select", selectStamp, selection, $"select: budget, policy and scores unchanged, reused {selection}", () =>
            SelectStage.RunAsync(
                new SelectRequest
                {
                    ScoresFile = scores,
                    OutputDir = outDir,
                    Budget = request.Budget,
                    Policy = request.Policy,
                    Score = request.Score,
                    Update = request.Update,
                    Downweight = request.Downweight,
                    Seed = request.Seed,
                    Transforms = request.Transforms,
                    Images = request.Images,
                    Featurizer = request.Featurizer,
                    Device = request.Device,
                    CacheDir = request.CacheDir,
                },
                reporter,
                cancellationToken)).ConfigureAwait(false);

        var materializeStamp = new StageStamp()
            .Add("select", selectStamp.Value)
            .Add("transforms", request.Transforms)
            .Add("format", request.Format)
            .Add("shard-size", request.ShardSize);
        var card = Path.Combine(datasetDir, "README.md");
        await stages.RunAsync("materialize", materializeStamp, card, $"materialize: selection and transforms unchanged, reused {datasetDir}", () =>
            MaterializeStage.RunAsync(
                new MaterializeJob
                {
                    Images = request.Images,
                    SelectionFile = selection,
                    OutputDir = outDir,
                    Transforms = request.Transforms,
                    Format = request.Format,
                    ShardSize = request.ShardSize,
                    WarnImagesNotInSelection = false,
                },
                reporter,
                cancellationToken)).ConfigureAwait(false);

        reporter.Info(stages.Ran.Count == 0
            ? $"dataset up to date at {datasetDir} ({clock.Elapsed.TotalSeconds:0.0} s)"
            : $"ran {string.Join(", ", stages.Ran)} in {clock.Elapsed.TotalSeconds:0.0} s; dataset at {datasetDir}");
        return new RunOutcome(datasetDir, stages.Ran);
    }

    /// <summary>Every option the later stages parse, checked before any work so that a typo fails at once and writes nothing.</summary>
    private static void ValidateOptions(RunRequest request)
    {
        Selection.Budget.Parse(request.Budget, "--budget");
        _ = new Selection.PolicySpec(Selection.PolicyNames.Parse(request.Policy, "--policy"), request.Update, request.Downweight, "--policy");
        Augmentation.TransformSet.Parse(request.Transforms);
        Materialization.ShardSize.Parse(request.ShardSize);
        Materialization.OutputImageFormats.Parse(request.Format);
    }

    /// <summary>
    /// Every file's content hash, read once for the stamp and handed to the score stage's feature cache. A file that
    /// cannot be read gets null: the score stage then reports it like any bad image instead of the stamp failing.
    /// </summary>
    private static string?[] ContentKeys(ImageDataset dataset)
    {
        var keys = new string?[dataset.Count];
        Parallel.For(0, dataset.Count, i =>
        {
            try
            {
                keys[i] = ContentHash.OfFile(dataset.Images[i].FullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                keys[i] = null;
            }
        });
        return keys;
    }

    /// <summary>Image contents (not timestamps), labels, the featurizer (and the model file's bytes) and C.</summary>
    private static StageStamp ScoreStamp(RunRequest request, ImageDataset dataset, IReadOnlyList<string?> contentKeys)
    {
        var stamp = new StageStamp()
            .Add("version", ToolVersion.Current)
            .Add("images", dataset.Images.Select((e, i) => $"{e.Path}\t{e.ClassName}\t{contentKeys[i] ?? "unreadable"}"))
            .Add("featurizer", request.Featurizer)
            .Add("C", request.C?.ToString("R", CultureInfo.InvariantCulture) ?? "cv");
        if (request.Featurizer.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && File.Exists(request.Featurizer))
        {
            stamp.Add("model", ContentHash.OfFile(request.Featurizer));
        }

        // Turning --fail-on-bad-image on must not reuse scores that silently skipped bad images (added only when on,
        // so existing stamps stay valid).
        if (request.FailOnBadImage)
        {
            stamp.Add("fail-on-bad-image", "true");
        }

        return stamp;
    }
}

public sealed record RunOutcome(string DatasetDir, IReadOnlyList<string> StagesRun);
