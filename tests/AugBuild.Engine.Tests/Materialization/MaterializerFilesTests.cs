using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;

namespace AugBuild.Engine.Tests.Materialization;

/// <summary>Determinism, atomic replacement and shard splitting: properties of the files on disk.</summary>
public class MaterializerFilesTests
{
    private static MaterializeRequest Request(string outDir, List<MaterializeItem> items, string transforms, int dop,
        long shard = ShardSize.Default, int rowGroupRows = 1000) =>
        new(items, TestImages.Classes, TransformSet.Parse(transforms),
            new MaterializeOptions { OutputDirectory = outDir, MaxDegreeOfParallelism = dop, ShardSizeBytes = shard, RowGroupMaxRows = rowGroupRows },
            new DatasetCardInfo { Policy = "baseline" });

    [Fact]
    public async Task Output_is_byte_identical_across_runs_and_degrees_of_parallelism()
    {
        using var t = new TestImages();
        var items = t.Make(30, withJpeg: true, noise: true);
        var outs = new (string Dir, int Dop)[] { ("a", 1), ("b", 1), ("c", Environment.ProcessorCount), ("d", 8) };
        foreach (var (dir, dop) in outs)
            await new Materializer().RunAsync(Request(Path.Combine(t.Root, dir), items, "translate,rotate:-7,7;crop:2", dop, shard: 48 * 1024, rowGroupRows: 16));
        var reference = Snapshot(Path.Combine(t.Root, "a", "dataset"));
        Assert.True(reference.Count >= 3, "the shard size should split this set into several shards");
        foreach (var (dir, _) in outs.Skip(1))
        {
            var other = Snapshot(Path.Combine(t.Root, dir, "dataset"));
            Assert.Equal(reference.Keys, other.Keys);
            foreach (var name in reference.Keys) Assert.True(reference[name].SequenceEqual(other[name]), $"{dir}/{name} differs");
        }
    }

    [Fact]
    public async Task Tiny_shard_size_splits_into_shards_that_add_up()
    {
        using var t = new TestImages();
        var items = t.Make(40, size: 32, noise: true);
        const long limit = 48 * 1024;
        var summary = await new Materializer().RunAsync(Request(t.Out, items, "flip-h,flip-v", 2, shard: limit, rowGroupRows: 10));
        var files = DatasetReader.Shards(t.DatasetDir);
        Assert.True(files.Length > 2, $"{files.Length} shard(s)");
        Assert.Equal(files.Length, summary.Shards);
        Assert.Equal(
            Enumerable.Range(0, files.Length).Select(i => Path.Combine(t.DatasetDir, $"train-{i:D5}-of-{files.Length:D5}.parquet")),
            files);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= limit, $"{Path.GetFileName(f)} is {new FileInfo(f).Length} bytes"));
        var rows = DatasetReader.ReadAll(files);
        Assert.Equal(40 + 2 * items.Count(i => i.Selected), rows.Count);
        Assert.Equal(items.Select(i => i.Entry.Path), rows.Where(r => !r.Augmented).Select(r => r.Source));

        // A rerun with one big shard replaces the set and removes the stale shards of the first run.
        var again = await new Materializer().RunAsync(Request(t.Out, items, "flip-h,flip-v", 2));
        Assert.Equal(1, again.Shards);
        Assert.Equal([Path.Combine(t.DatasetDir, "train-00000-of-00001.parquet")], DatasetReader.Shards(t.DatasetDir));
        Assert.Equal(rows.Count, DatasetReader.ReadAll(DatasetReader.Shards(t.DatasetDir)).Count);
    }

    [Fact]
    public async Task Cancelled_run_leaves_the_previous_dataset_intact()
    {
        using var t = new TestImages();
        var items = t.Make(24);
        await new Materializer().RunAsync(Request(t.Out, items, "flip-h", 2, shard: 16 * 1024, rowGroupRows: 4));
        var before = Snapshot(t.DatasetDir);

        using var cts = new CancellationTokenSource();
        var reporter = new ActionReporter(done => { if (done == 10) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new Materializer(reporter).RunAsync(Request(t.Out, items, "rotate,translate", 2, shard: 16 * 1024, rowGroupRows: 4), cts.Token));

        AssertSame(before, Snapshot(t.DatasetDir));
        Assert.Empty(Directory.GetDirectories(t.DatasetDir));
    }

    [Fact]
    public async Task Failure_mid_write_leaves_the_previous_dataset_intact()
    {
        using var t = new TestImages();
        var items = t.Make(24);
        await new Materializer().RunAsync(Request(t.Out, items, "crop:3", 2, rowGroupRows: 4));
        var before = Snapshot(t.DatasetDir);

        var reporter = new ActionReporter(done => { if (done == 15) throw new InvalidOperationException("injected"); });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new Materializer(reporter).RunAsync(Request(t.Out, items, "flip-v", 2, shard: 8 * 1024, rowGroupRows: 4)));
        Assert.Equal("injected", ex.Message);

        AssertSame(before, Snapshot(t.DatasetDir));
        Assert.Empty(Directory.GetDirectories(t.DatasetDir));
    }

    [Fact]
    public async Task Interrupted_first_run_leaves_no_dataset_files()
    {
        using var t = new TestImages();
        var items = t.Make(12);
        using var cts = new CancellationTokenSource();
        var reporter = new ActionReporter(done => { if (done == 6) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new Materializer(reporter).RunAsync(Request(t.Out, items, "rotate", 2, rowGroupRows: 2), cts.Token));
        Assert.Empty(Directory.GetFileSystemEntries(t.DatasetDir));
    }

    [Fact]
    public async Task A_second_run_on_a_locked_folder_fails_with_a_coded_error()
    {
        using var t = new TestImages();
        using (DatasetFolder.Lock(t.Out))
        {
            var ex = await Assert.ThrowsAsync<AugBuildException>(() => new Materializer().RunAsync(Request(t.Out, t.Make(2), "flip-h", 1)));
            Assert.Equal(MaterializeErrors.FolderLocked, ex.Code);
        }

        Assert.Equal(2, (await new Materializer().RunAsync(Request(t.Out, t.Make(2), "none", 1))).Rows);
    }

    [Fact]
    public async Task Stale_temporary_folder_of_a_killed_run_is_removed()
    {
        using var t = new TestImages();
        var stale = Path.Combine(t.DatasetDir, DatasetFolder.TempPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(stale);
        await File.WriteAllTextAsync(Path.Combine(stale, "shard-00000.parquet"), "partial");
        await new Materializer().RunAsync(Request(t.Out, t.Make(3), "flip-h", 1));
        Assert.False(Directory.Exists(stale));
    }

    private static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private static void AssertSame(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var name in expected.Keys) Assert.True(expected[name].SequenceEqual(actual[name]), $"{name} changed");
    }

    private sealed class ActionReporter(Action<long> onProgress) : IReporter
    {
        public void Info(string message) { }

        public void Warning(string code, string message, string? file = null) { }

        public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images) => onProgress(done);
    }
}
