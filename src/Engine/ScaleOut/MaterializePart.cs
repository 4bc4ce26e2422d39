using System.Diagnostics;
using System.Globalization;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;

namespace AugBuild.Engine.ScaleOut;

/// <summary>
/// The map of a sharded materialize: renders the items of one shard (membership by content key, <see cref="ShardSpec"/>)
/// and publishes them as that shard's part, atomically, beside the final dataset. A retried shard replaces only its
/// own part; the dataset folder is written by the gather alone.
/// </summary>
internal static class MaterializePart
{
    public const string Stage = "materialize";

    public static async Task<MaterializeSummary> WriteAsync(MaterializeRequest request, ShardSpec shard, string outDir, IReporter reporter, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var keys = ShardMembers.Keys([.. request.Items.Select(i => (i.Entry.FullPath, i.Entry.Path))], ct);
        var members = ShardMembers.Of(shard, keys);
        var plan = PartPlan.Of(request);
        var header = new PartHeader(shard.Index, shard.Count, plan.Hash, plan);
        using var store = PartStore.For(outDir);
        var name = PartFile.NameOf(shard);
        store.RemoveStaleTemporaries(name);

        long rows = 0, copies = 0;
        int skipped = 0, done = 0;
        async IAsyncEnumerable<(int, RenderedEntry)> Rendered()
        {
            var positions = members.GetEnumerator();
            await foreach (var entry in Materializer.Render(request, members, ct).ConfigureAwait(false))
            {
                positions.MoveNext();
                rows += entry.Rows?.Count ?? 0;
                copies += entry.Rows?.Count(r => r.Augmented) ?? 0;
                if (entry.Rows is null) skipped++;
                reporter.Progress(Stage, ++done, members.Count);
                yield return (positions.Current, entry);
            }
        }

        var bytes = await store.WriteAsync(name, (stream, token) => PartFile.WriteAsync(stream, header, Rendered(), token), ct).ConfigureAwait(false);
        var path = store.Describe(name);
        reporter.Info(string.Create(CultureInfo.InvariantCulture,
            $"materialize shard {shard} ({shard.Source}): {members.Count} of {request.Items.Count} images, {rows} rows ({rows - copies} originals, {copies} copies), {skipped} skipped, {bytes / 1e6:F1} MB part {name} in {clock.Elapsed.TotalSeconds:F1} s; run 'augbuild gather --out {outDir}' after every shard"));
        return new MaterializeSummary(rows, rows - copies, copies, 0, bytes, clock.Elapsed, skipped, 0, [path]);
    }
}
