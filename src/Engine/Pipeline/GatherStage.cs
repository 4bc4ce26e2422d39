using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;
using AugBuild.Engine.ScaleOut;
using AugBuild.Engine.Storage;

namespace AugBuild.Engine.Pipeline;

/// <summary>What the gather needs: the output location whose parts it commits, and whether to keep them after.</summary>
public sealed record GatherRequest
{
    /// <summary>A folder, or s3://bucket/prefix: the gather then writes the dataset in <see cref="StagingDir"/> and publishes it there.</summary>
    public required string OutputDir { get; init; }

    /// <summary>With an s3:// out: the local folder the dataset is written in before it is published (default: one per target under the cache folder, as for run).</summary>
    public string? StagingDir { get; init; }

    public bool KeepParts { get; init; }
}

/// <summary>
/// The reduce after a sharded materialize: checks that every part is present, whole and of one plan, merges their
/// entries back into selection order and writes the dataset through the single run's writer and commit, so the
/// dataset is byte for byte the one <c>augbuild run</c> writes, and replaces the previous one atomically. For an
/// <c>s3://</c> out the parts are objects (<see cref="S3PartStore"/>) and the dataset is committed in a local staging
/// folder, then published with the same names <c>run --out s3://</c> uses (<see cref="DatasetPublisher"/>: manifest last).
/// </summary>
public static class GatherStage
{
    public static async Task<MaterializeSummary> RunAsync(GatherRequest request, IReporter reporter, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        StorageLocation? target = null;
        string outDir;
        if (StorageLocation.IsS3Text(request.OutputDir))
        {
            target = PathSettings.RequireStore(request.OutputDir, OutOption);
            outDir = Path.GetFullPath(request.StagingDir ?? RunPipeline.DefaultStaging(target));
            PathSettings.RequireOutputFolder(outDir, "--staging");
        }
        else
        {
            PathSettings.RequireOutputFolder(request.OutputDir);
            outDir = Path.GetFullPath(request.OutputDir);
        }

        var shown = target?.ToString() ?? outDir;
        using var store = target is null ? PartStore.For(outDir) : PartStore.For(shown, Path.Combine(outDir, RunPipeline.StateFolder, "s3-parts"));
        var parts = Check(store, shown);
        var plan = parts[0].Header.Plan;

        var options = new MaterializeOptions
        {
            OutputDirectory = outDir,
            Format = OutputImageFormats.Parse(plan.Format),
            ShardSizeBytes = plan.ShardSizeBytes,
            RowGroupMaxRows = plan.RowGroupMaxRows,
            RowGroupMaxBytes = plan.RowGroupMaxBytes,
        };
        var materialize = new MaterializeRequest([], plan.ClassNames, TransformSet.Parse(plan.Transforms), options, plan.Card);
        var summary = await new Materializer(reporter)
            .WriteAsync(materialize, Merge(store, parts, plan.ItemCount, cancellationToken), plan.ItemCount, new LabelCheck(plan.LabelSuspected, plan.LabelChecked), cancellationToken)
            .ConfigureAwait(false);

        var datasetDir = Path.Combine(outDir, "dataset");
        if (target is not null)
        {
            // The committed dataset's files, named as 'run --out s3://' names them; parts are deleted only once they are published.
            var names = DatasetFolder.Written(outDir).Where(n => File.Exists(Path.Combine(datasetDir, n))).Order(StringComparer.Ordinal).Select(n => "dataset/" + n).ToList();
            await DatasetPublisher.PublishAsync(outDir, names, target, reporter, OutOption, cancellationToken).ConfigureAwait(false);
            datasetDir = target.Child("dataset").ToString();
        }

        foreach (var part in parts)
        {
            // Temporaries of killed shard attempts are never read; the committed dataset no longer needs them.
            store.RemoveStaleTemporaries(part.Name);
            if (!request.KeepParts)
                store.Delete(part.Name);
        }

        reporter.Info(string.Create(CultureInfo.InvariantCulture,
            $"gather: {parts.Count} parts, {summary.Rows} rows in {summary.Shards} shard(s) {(target is null ? "committed" : "published")} to {datasetDir} in {clock.Elapsed.TotalSeconds:F1} s{(request.KeepParts ? "; parts kept" : "")}"));
        return summary;
    }

    private const string OutOption = "--out";

    private sealed record Part(string Name, PartHeader Header);

    /// <summary>Every part present, of one shard count and one plan: else a coded error naming the missing or odd ones.</summary>
    private static List<Part> Check(IPartStore store, string outDir)
    {
        var names = store.List();
        if (names.Count == 0)
        {
            throw new AugBuildException(ScaleOutErrors.NoParts,
                $"No parts in '{store.Location}'. Run 'augbuild materialize --images <images> --selection <selection.parquet> --out {outDir} --shard i/N' for every shard i first.", outDir);
        }

        var parts = new List<Part>(names.Count);
        foreach (var name in names)
        {
            using var stream = store.OpenRead(name);
            parts.Add(new Part(name, PartFile.ReadHeader(stream, name)));
        }

        var groups = parts.GroupBy(p => (p.Header.Count, p.Header.PlanHash)).OrderByDescending(g => g.Count()).ToList();
        if (groups.Count > 1)
        {
            var odd = groups.Skip(1).SelectMany(g => g).Select(p => p.Name).ToList();
            throw new AugBuildException(ScaleOutErrors.PartsDisagree,
                $"The parts in '{store.Location}' do not belong together: {string.Join(", ", odd)} {(odd.Count == 1 ? "was" : "were")} written for another shard count, selection or output settings than " +
                $"the other {groups[0].Count()}. Rerun those shards with the same --selection, settings and N (or delete the stale parts), then gather.", store.Location);
        }

        var count = groups[0].Key.Count;
        var present = parts.Select(p => p.Header.Index).ToHashSet();
        var missing = Enumerable.Range(0, count).Where(i => !present.Contains(i)).Select(i => new ShardSpec(i, count)).ToList();
        if (missing.Count > 0)
        {
            throw new AugBuildException(ScaleOutErrors.PartsMissing,
                $"{missing.Count} of {count} parts are missing in '{store.Location}': {string.Join(", ", missing.Take(20).Select(m => m.Name))}{(missing.Count > 20 ? ", ..." : "")}. " +
                $"Run (or rerun) 'augbuild materialize ... --out {outDir} --shard i/{count}' for {(missing.Count == 1 ? $"i = {missing[0].Index}" : "each of them")}, then gather. The previous dataset is untouched.",
                store.Location);
        }

        return [.. parts.OrderBy(p => p.Header.Index)];
    }

    /// <summary>The parts' entries in selection order (each part is in order: a k-way merge), every ordinal exactly once.</summary>
    private static async IAsyncEnumerable<RenderedEntry> Merge(IPartStore store, List<Part> parts, int itemCount, [EnumeratorCancellation] CancellationToken ct)
    {
        var streams = new List<Stream>(parts.Count);
        var readers = new List<IEnumerator<(int Ordinal, RenderedEntry Entry)>>(parts.Count);
        try
        {
            var queue = new PriorityQueue<int, int>();
            foreach (var part in parts)
            {
                var stream = store.OpenRead(part.Name);
                streams.Add(stream);
                var reader = PartFile.ReadEntries(stream, part.Name).GetEnumerator();
                readers.Add(reader);
                if (reader.MoveNext())
                    queue.Enqueue(readers.Count - 1, reader.Current.Ordinal);
            }

            var expected = 0;
            while (queue.TryDequeue(out var k, out var ordinal))
            {
                ct.ThrowIfCancellationRequested();
                if (ordinal != expected)
                {
                    throw new AugBuildException(ScaleOutErrors.PartsDisagree,
                        $"The parts in '{store.Location}' {(ordinal < expected ? $"both hold item {ordinal}" : $"lack item {expected}")} ('{parts[k].Name}'): they were not written from one selection. Rerun every shard, then gather.",
                        store.Location);
                }

                expected++;
                yield return readers[k].Current.Entry;
                if (readers[k].MoveNext())
                    queue.Enqueue(k, readers[k].Current.Ordinal);
                await Task.CompletedTask.ConfigureAwait(false);
            }

            if (expected != itemCount)
            {
                throw new AugBuildException(ScaleOutErrors.PartsDisagree,
                    $"The parts in '{store.Location}' hold {expected} of the selection's {itemCount} images: they were not written from one selection. Rerun every shard, then gather.",
                    store.Location);
            }
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
            foreach (var stream in streams) await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
