using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>
/// The dataset walk reads each file once, under its one label: links back into the tree and loops are not
/// followed, two paths to a file are one file, hidden names are skipped at every depth, and only regular files are
/// opened. Manifests refuse, naming the line, what would make a wrong class or a duplicate row.
/// </summary>
public sealed class WrongDataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-wrong-").FullName;
    private readonly Random _rng = new(7);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FolderLinksIntoTheTreeAndLoopsAreNotFollowedAndNoImageChangesClass()
    {
        Images("3", 4);
        Images("8", 5);
        Directory.CreateSymbolicLink(Path.Combine(_dir, "3", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "3", "eight"), Path.Combine("..", "8"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "8", "self"), ".");
        var outside = Directory.CreateTempSubdirectory("augbuild-outside-").FullName;
        try
        {
            // A link to a folder outside the dataset is followed once; a loop back out there is not.
            File.WriteAllBytes(Path.Combine(outside, "far.png"), SyntheticImages.NoisyGray(8, 90, _rng));
            Directory.CreateSymbolicLink(Path.Combine(outside, "back"), outside);
            Directory.CreateSymbolicLink(Path.Combine(_dir, "3", "shared"), outside);
            var reporter = new CollectingReporter();

            var ds = DatasetLoader.Load(_dir, reporter);

            Assert.Equal(["3", "8"], ds.ClassNames);
            Assert.Equal(5, ds.Images.Count(i => i.ClassName == "3"));
            Assert.Contains("3/shared/far.png", ds.Images.Select(i => i.Path));
            Assert.Equal(5, ds.Images.Count(i => i.ClassName == "8"));
            Assert.All(ds.Images, i => Assert.StartsWith(i.ClassName + "/", i.Path, StringComparison.Ordinal));
            var warning = Assert.Single(reporter.Warnings, w => w.Code == DatasetErrors.FolderLinkNotFollowed);
            Assert.Contains("4 folder link(s)", warning.Message);
            Assert.Contains("3/up", warning.Message);
            Assert.Contains("3/eight", warning.Message);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void TwoPathsToOneFileInAClassAreReadOnceAndInTwoClassesAreAnError()
    {
        Images("a", 3);
        Images("b", 3);
        File.CreateSymbolicLink(Path.Combine(_dir, "a", "soft.png"), "a_0.png");
        if (PosixFiles.Supported)
            PosixFiles.HardLink(Path.Combine(_dir, "a", "a_1.png"), Path.Combine(_dir, "a", "hard.png"));
        var reporter = new CollectingReporter();

        var ds = DatasetLoader.Load(_dir, reporter);

        Assert.Equal(["a/a_0.png", "a/a_1.png", "a/a_2.png"], ds.Images.Where(i => i.ClassName == "a").Select(i => i.Path));
        var warning = Assert.Single(reporter.Warnings, w => w.Code == DatasetErrors.SameFileTwice);
        Assert.Contains("a/soft.png", warning.Message);

        File.CreateSymbolicLink(Path.Combine(_dir, "b", "stolen.png"), Path.Combine("..", "a", "a_2.png"));
        var e = Assert.Throws<AugBuildException>(() => DatasetLoader.Load(_dir, new CollectingReporter()));
        Assert.Equal(DatasetErrors.FileInTwoClasses, e.Code);
        Assert.Contains("a/a_2.png", e.Message);
        Assert.Contains("b/stolen.png", e.Message);
    }

    [Fact]
    public void HiddenFoldersAndFilesInsideClassFoldersAreNotRead()
    {
        Images("a", 2);
        Images("b", 2);
        Write("a/.ipynb_checkpoints/x.png");
        Write("a/deep/.cache/y.png");
        Write("b/._z.png");
        Write("b/deep/kept.png");

        var ds = DatasetLoader.Load(_dir, new CollectingReporter());

        Assert.Equal(["a/a_0.png", "a/a_1.png", "b/b_0.png", "b/b_1.png", "b/deep/kept.png"], ds.Images.Select(i => i.Path));
    }

    [Fact]
    public async Task AFifoNamedLikeAnImageIsSkippedAsABadImageInsteadOfHangingTheRun()
    {
        if (!PosixFiles.Supported)
            return;
        using var f = new PipelineFixture(perClass: 6);
        PosixFiles.Fifo(Path.Combine(f.Images, "dark", "pipe.png"));
        var reporter = new CollectingReporter();

        var run = RunPipeline.RunAsync(f.Request(), reporter);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(run, finished);
        await run;
        var warning = Assert.Single(reporter.Warnings, w => w.Code == FeaturizationErrors.BadImage);
        Assert.Contains("pipe.png", warning.Message);
        Assert.Contains(ImagingErrors.NotRegularFile, warning.Message);
        Assert.Equal(12, f.ReadDataset().Count(r => !r.Augmented));
    }

    [Fact]
    public async Task NoInputIsOpenedIfItIsAFifoTheManifestATableOrACacheEntry()
    {
        if (!PosixFiles.Supported)
            return;
        var fifo = Path.Combine(_dir, "fifo.csv");
        PosixFiles.Fifo(fifo);
        var table = Path.Combine(_dir, "selection.parquet");
        PosixFiles.Fifo(table);
        var cache = new AugBuild.Engine.Featurization.FeatureCache(Path.Combine(_dir, "cache"), new CollectingReporter());
        var entry = cache.EntryPath("xxh128:k", "id");
        PosixFiles.Fifo(entry);

        var checks = Task.Run(async () =>
        {
            Assert.Equal(DatasetErrors.InputNotFound, Assert.Throws<AugBuildException>(() => DatasetLoader.Load(fifo)).Code);
            var e = await Assert.ThrowsAsync<AugBuildException>(() => AugBuild.Engine.Tables.ParquetTable.ReadAsync<AugBuild.Engine.Tables.SelectionRow>(table));
            Assert.Equal(AugBuild.Engine.Tables.TableErrors.InvalidTable, e.Code);
            Assert.False(cache.TryGet("xxh128:k", "id", out _));
        });

        Assert.Same(checks, await Task.WhenAny(checks, Task.Delay(TimeSpan.FromSeconds(30))));
        await checks;
        Assert.Equal(1, cache.Corrupt);
    }

    [Theory]
    [InlineData("a.png,cat\nb.png,\n", DatasetErrors.ManifestBadLabel, "(2)")]
    [InlineData("a.png,cat\nb.png,\"\"\n", DatasetErrors.ManifestBadLabel, "(2)")]
    [InlineData("a.png,3\nb.png,03\n", DatasetErrors.ManifestClassSpelling, "(2)")]
    [InlineData("a.png,3\nb.png,+3\n", DatasetErrors.ManifestClassSpelling, "(2)")]
    [InlineData("a.png,caf\u00e9\nb.png,cafe\u0301\n", DatasetErrors.ManifestClassSpelling, "(2)")]
    [InlineData("path,label\na.png,cat\nb.png,dog\n./a.png,cat\n", DatasetErrors.ManifestDuplicate, "(4)")]
    [InlineData("a.png,cat\nb.png,dog\nsub/../a.png,dog\n", DatasetErrors.ManifestDuplicate, "(3)")]
    [InlineData("a.png,cat\nlink.png,dog\n", DatasetErrors.ManifestDuplicate, "(2)")]
    [InlineData("a.png,cat\n\"b\0.png\",dog\n", DatasetErrors.ManifestBadPath, "(2)")]
    [InlineData("a.png,cat\n,dog\n", DatasetErrors.ManifestBadPath, "(2)")]
    public void ManifestLinesThatWouldMakeAWrongClassOrADuplicateRowAreRefusedNamingTheLine(string csv, string code, string line)
    {
        Write("a.png");
        Write("b.png");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.CreateSymbolicLink(Path.Combine(_dir, "link.png"), "a.png");
        var manifest = Path.Combine(_dir, "m.csv");
        File.WriteAllText(manifest, csv);

        var e = Assert.Throws<AugBuildException>(() => DatasetLoader.Load(manifest));

        Assert.Equal(code, e.Code);
        Assert.Contains($"m.csv{line}", e.Message);
    }

    [Fact]
    public void ManifestDuplicateNamesBothLines()
    {
        Write("a.png");
        Write("b.png");
        var manifest = Path.Combine(_dir, "m.csv");
        File.WriteAllText(manifest, "a.png,cat\nb.png,dog\n./a.png,cat\n");

        var e = Assert.Throws<AugBuildException>(() => DatasetLoader.Load(manifest));

        Assert.Contains("(3)", e.Message);
        Assert.Contains("line 1", e.Message);
    }

    private void Images(string className, int count)
    {
        for (var i = 0; i < count; i++)
            Write($"{className}/{className}_{i}.png");
    }

    private void Write(string relative)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, SyntheticImages.NoisyGray(8, _rng.Next(256), _rng));
    }
}
