using System.Diagnostics;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Materialization;
using AugBuild.Engine.Storage;
using AugBuild.Engine.Tables;
using AugBuild.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// score, select and materialize in one go. Each stage keeps a stamp of exactly what it depends on in
/// <c>&lt;out&gt;/.augbuild/</c> and is skipped while its stamp and outputs are current, so changing the budget
/// reruns only select and materialize, and an unchanged rerun does nothing.
/// </summary>
public static class RunPipeline
{
    public const string StateFolder = ".augbuild";

    /// <summary>
    /// <c>&lt;out&gt;/.augbuild/summary.txt</c>: the dataset in one line (<see cref="Materialization.MaterializeSummary.Description"/>),
    /// rewritten whenever materialize runs, so it describes the dataset in place. The build's dataset line shows it.
    /// </summary>
    public const string SummaryFileName = "summary.txt";

    public static async Task<RunOutcome> RunAsync(RunRequest request, IReporter reporter, CancellationToken cancellationToken = default)
    {
        if (StorageLocation.IsS3Text(request.OutputDir))
            return await RunAndPublishAsync(request, reporter, cancellationToken).ConfigureAwait(false);
        ValidatePaths(request);
        var outDir = Path.GetFullPath(request.OutputDir);
        var state = Path.Combine(outDir, StateFolder);
        var scores = Path.Combine(outDir, ScoreStage.ScoresFileName);
        var selection = Path.Combine(outDir, SelectStage.SelectionFileName);
        var datasetDir = Path.Combine(outDir, "dataset");
        PathSettings.RequireWritableFile(scores);
        PathSettings.RequireWritableFile(selection);
        using var runLock = RunLock.Acquire(outDir);

        var dataset = DatasetLoader.Load(request.Images, reporter);
        var contentKeys = ContentKeys(dataset);
        var values = request.Values();
        var scoreStamp = ScoreStamp(request, values, dataset, contentKeys);
        var clock = Stopwatch.StartNew();
        var stages = new StageRunner(outDir, state, reporter);
        var features = Path.Combine(outDir, ScoreStage.FeaturesFileName);
        var scoreRequest = new ScoreRequest
        {
            Images = request.Images,
            OutputDir = outDir,
            Featurization = request.Featurization,
            C = request.Selection.C,
            Influence = request.Selection.Influence,
            FailOnBadImage = request.Output.FailOnBadImage,
        };
        await stages.RunAsync("score", scoreStamp, scores, $"score: {dataset.Count} images unchanged, reused {scores}", async () =>
        {
            await ScoreStage.RunAsync(scoreRequest, dataset, contentKeys, reporter, cancellationToken).ConfigureAwait(false);
            return File.Exists(features) ? [scores, features] : [scores];
        }).ConfigureAwait(false);

        if (!stages.Ran.Contains("score"))
            await RepeatSkippedImagesAsync(dataset, scores, reporter).ConfigureAwait(false);

        // update refits on the copies and downweight counts them: only then do the transforms change the selection.
        var policy = request.Selection.Policy;
        var selectStamp = new StageStamp()
            .Add("score", scoreStamp.Value)
            .Add(SettingStage.Select, values)
            .Add("transforms", policy.Update || policy.Downweight ? request.Output.Transforms.ToString() : "-");
        var selectRequest = new SelectRequest
        {
            ScoresFile = scores,
            OutputDir = outDir,
            Selection = request.Selection,
            Output = request.Output,
            Featurization = request.Featurization with { Featurizer = request.Featurization.Spec },
            Images = request.Images,
        };
        await stages.RunAsync("select", selectStamp, selection, $"select: budget, policy and scores unchanged, reused {selection}", async () =>
        {
            await SelectStage.RunAsync(selectRequest, reporter, cancellationToken).ConfigureAwait(false);
            return [selection];
        }).ConfigureAwait(false);

        var materializeStamp = new StageStamp()
            .Add("select", selectStamp.Value)
            .Add(SettingStage.Materialize, values);
        var card = Path.Combine(datasetDir, "README.md");
        var job = new MaterializeJob { Images = request.Images, SelectionFile = selection, OutputDir = outDir, Output = request.Output, WarnImagesNotInSelection = false };
        await stages.RunAsync("materialize", materializeStamp, card, $"materialize: selection, transforms and every shard unchanged, reused {datasetDir}", async () =>
        {
            var summary = await MaterializeStage.RunAsync(job, reporter, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(state, SummaryFileName), summary.Description + "\n", cancellationToken).ConfigureAwait(false);
            return summary.Files;
        }).ConfigureAwait(false);

        reporter.Info(stages.Ran.Count == 0
            ? $"dataset up to date at {datasetDir} ({clock.Elapsed.TotalSeconds:0.0} s)"
            : $"ran {string.Join(", ", stages.Ran)} in {clock.Elapsed.TotalSeconds:0.0} s; dataset at {datasetDir}");
        reporter.Info(SelectionCheckHint);
        return new RunOutcome(datasetDir, stages.Ran);
    }

    /// <summary>
    /// <c>--out s3://bucket/prefix</c>: the run works in a local staging folder (its stamps make a rerun as cheap as
    /// a local one), then publishes the scores, the selection and the dataset with the same names below the prefix
    /// (<see cref="DatasetPublisher"/>: the manifest last). The target is checked before any work.
    /// </summary>
    private static async Task<RunOutcome> RunAndPublishAsync(RunRequest request, IReporter reporter, CancellationToken cancellationToken)
    {
        var target = PathSettings.RequireStore(request.OutputDir, OutOption);
        var staging = Path.GetFullPath(request.StagingDir ?? DefaultStaging(target));
        var outcome = await RunAsync(request with { OutputDir = staging, StagingDir = null }, reporter, cancellationToken).ConfigureAwait(false);
        var names = new List<string> { ScoreStage.ScoresFileName, SelectStage.SelectionFileName };
        names.AddRange(DatasetFolder.Written(staging).Where(n => File.Exists(Path.Combine(outcome.DatasetDir, n))).Order(StringComparer.Ordinal).Select(n => "dataset/" + n));
        await DatasetPublisher.PublishAsync(staging, names, target, reporter, OutOption, cancellationToken).ConfigureAwait(false);
        return outcome with { Published = target.Child("dataset").ToString() };
    }

    private const string OutOption = "--out";

    /// <summary>One staging folder per target, under the local cache folder: reruns to the same target reuse its stages.</summary>
    public static string DefaultStaging(StorageLocation target) =>
        Path.Combine(CacheLocation.Default(), "staging", Convert.ToHexStringLower(System.IO.Hashing.XxHash64.Hash(System.Text.Encoding.UTF8.GetBytes(target.ToString()))));

    /// <summary>Every input and output path, checked before any work so that a wrong path fails at once and writes nothing.</summary>
    private static void ValidatePaths(RunRequest request)
    {
        PathSettings.RequireImages(request.Images);
        PathSettings.RequireOutputFolder(request.OutputDir);
        PathSettings.RequireCacheFolder(request.Featurization.CacheDir);
        PathSettings.RequireFeaturizer(request.Featurization.Spec);
    }

    /// <summary>
    /// Reused scores still leave out the images that could not be read: say so again (AUG6010), so a warning is
    /// reported by every run it applies to, and -warnaserror fails every such build, not only the first. Not
    /// cancellable: a small table, and a cancellation must reach the next stage, which cleans up after itself.
    /// </summary>
    private static async Task RepeatSkippedImagesAsync(ImageDataset dataset, string scores, IReporter reporter)
    {
        var scored = (await ParquetTable.ReadAsync<ScoreRow>(scores, CancellationToken.None).ConfigureAwait(false)).Rows.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        var skipped = dataset.Images.Where(e => !scored.Contains(e.Path)).Select(e => e.Path).ToList();
        if (skipped.Count > 0)
        {
            reporter.Warning(FeaturizationErrors.BadImage,
                $"Skipped {skipped.Count} image(s) that could not be read when they were scored (the scores were reused): {string.Join(", ", skipped.Take(10))}{(skipped.Count > 10 ? ", ..." : "")}. Replace or remove the files.",
                Path.Combine(dataset.Root, skipped[0]));
        }
    }

    /// <summary>
    /// run cannot tell whether choosing by score beats random selection on this data (that needs a test set and the
    /// paper's protocol), so it says where to find out.
    /// </summary>
    public const string SelectionCheckHint =
        "whether choosing images by score beats random selection on this data: run 'augbuild experiment --train <images> --test <held-out images>' (its report opens with the answer and, if nothing beats random, why)";

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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or AugBuildException)
            {
                keys[i] = null;
            }
        });
        return keys;
    }

    /// <summary>Image contents (not timestamps), labels, the model file's bytes and the score stage's settings (the catalog says which).</summary>
    private static StageStamp ScoreStamp(RunRequest request, SettingValues values, ImageDataset dataset, IReadOnlyList<string?> contentKeys)
    {
        var stamp = new StageStamp()
            .Add("version", ToolVersion.Current)
            .Add("images", dataset.Images.Select((e, i) => $"{e.Path}\t{e.ClassName}\t{contentKeys[i] ?? "unreadable"}"))
            .Add(SettingStage.Score, values);
        var spec = request.Featurization.Spec;
        if (spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && File.Exists(spec))
        {
            stamp.Add("model", ContentHash.OfFile(spec));
        }

        return stamp;
    }
}

/// <param name="DatasetDir">The local dataset folder (the staging folder's, for an s3:// output).</param>
public sealed record RunOutcome(string DatasetDir, IReadOnlyList<string> StagesRun)
{
    /// <summary>The s3:// URI the dataset was published to; null for a local output.</summary>
    public string? Published { get; init; }
}
