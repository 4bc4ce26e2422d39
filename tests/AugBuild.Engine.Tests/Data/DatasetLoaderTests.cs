using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Tests.Data;

public sealed class DatasetLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-ds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FolderClassesAreSortedOrdinallyAndImagesFiltered()
    {
        Touch("b/2.png", "b/1.jpg", "B/x.webp", "a/sub/z.bmp", "a/notes.txt", "empty/readme.md");
        var reporter = new CollectingReporter();

        var ds = DatasetLoader.Load(_dir, reporter);

        Assert.Equal(["B", "a", "b"], ds.ClassNames);
        Assert.Equal(["B/x.webp", "a/sub/z.bmp", "b/1.jpg", "b/2.png"], ds.Images.Select(i => i.Path));
        Assert.Equal([0, 1, 2, 2], ds.Labels());
        Assert.Contains(reporter.Warnings, w => w.Code == DatasetErrors.EmptyClassFolder);
    }

    [Fact]
    public void ManifestPathsAreRelativeToItsFolderAndIntegerLabelsSortNumerically()
    {
        Touch("img/a.png", "img/b, c.png", "img/d.png");
        var manifest = Path.Combine(_dir, "train.csv");
        File.WriteAllLines(manifest, ["path,label", "img/a.png,10", "\"img/b, c.png\",9", "img/d.png,10"]);

        var ds = DatasetLoader.Load(manifest);

        Assert.Equal(["9", "10"], ds.ClassNames);
        Assert.Equal([1, 0, 1], ds.Labels());
        Assert.Equal("img/b, c.png", ds.Images[1].Path);
        Assert.Equal(Path.Combine(_dir, "img/b, c.png"), ds.Images[1].FullPath);
    }

    [Fact]
    public void ManifestNamingAMissingFileIsACodedError()
    {
        var manifest = Path.Combine(_dir, "m.csv");
        File.WriteAllLines(manifest, ["nope.png,cat"]);

        var ex = Assert.Throws<AugBuildException>(() => DatasetLoader.Load(manifest));

        Assert.Equal(DatasetErrors.ManifestFileMissing, ex.Code);
        Assert.Contains("nope.png", ex.Message);
    }

    [Fact]
    public void MissingInputAndEmptyFolderAreCodedErrors()
    {
        Assert.Equal(DatasetErrors.InputNotFound, Assert.Throws<AugBuildException>(() => DatasetLoader.Load(Path.Combine(_dir, "nothing"))).Code);
        Assert.Equal(DatasetErrors.NoImages, Assert.Throws<AugBuildException>(() => DatasetLoader.Load(_dir)).Code);
    }

    private void Touch(params string[] files)
    {
        foreach (var f in files)
        {
            var full = Path.Combine(_dir, f);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, [1]);
        }
    }
}
