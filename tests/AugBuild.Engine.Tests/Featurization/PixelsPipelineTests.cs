using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Featurization;

public sealed class PixelsPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-feat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static FeatureRunResult Run(IFeaturizer f, params string[] paths) =>
        FeatureExtractor.Run([.. paths.Select(p => new FileImageSource(p))], f, null, NullReporter.Instance);

    [Fact]
    public void PixelsAreChannelMajorAndScaledToUnitRange()
    {
        // 2x2 RGB: (x, y) -> R = 10 + x + 2y, G = 100 + ..., B = 200 + ...
        int[] rgb = [10, 100, 200, 11, 101, 201, 12, 102, 202, 13, 103, 203];
        var path = Write("c.png", ImageFiles.Png(2, 2, colorType: 2, bitDepth: 8, rgb));
        using var f = new PixelsFeaturizer();

        var r = Run(f, path);

        Assert.Equal(12, r.Dimension);
        float[] expected = [10, 11, 12, 13, 100, 101, 102, 103, 200, 201, 202, 203];
        Assert.Equal(expected.Select(v => v / 255f), r.Features[0]!);
    }

    [Fact]
    public void GrayImagesGiveOneChannelAndResizeWithTheTriangleFilter()
    {
        var path = Write("g.png", ImageFiles.Png(2, 2, colorType: 0, bitDepth: 8, [0, 200, 100, 40]));
        using var f = new PixelsFeaturizer(side: 4);

        var got = Run(f, path).Features[0]!;

        // 2 -> 4 along each axis: output centres at .25, .75, 1.25, 1.75 give these weights on (p0, p1).
        double[][] w = [[1, 0], [0.75, 0.25], [0.25, 0.75], [0, 1]];
        double[,] p = { { 0, 200 }, { 100, 40 } };
        Assert.Equal(16, got.Length);
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                double v = 0;
                for (var i = 0; i < 2; i++)
                {
                    for (var j = 0; j < 2; j++)
                        v += w[y][i] * w[x][j] * p[i, j];
                }

                Assert.Equal(v / 255, got[y * 4 + x], 1e-6);
            }
        }
    }

    [Fact]
    public void ChannelModesForceGrayOrRgb()
    {
        var gray = Write("g.png", ImageFiles.Png(1, 1, 0, 8, [51]));
        var colour = Write("c.png", ImageFiles.Png(1, 1, 2, 8, [255, 0, 0]));
        using var rgb = new PixelsFeaturizer(channels: PixelChannels.Rgb);
        using var luma = new PixelsFeaturizer(channels: PixelChannels.Gray);

        Assert.Equal([0.2f, 0.2f, 0.2f], Run(rgb, gray).Features[0]!);
        Assert.Equal(0.299f, Run(luma, colour).Features[0]![0], 5);
    }

    [Fact]
    public void DifferentSizesAreACodedErrorSuggestingASide()
    {
        using var a = Bitmaps.Shapes(8, 1);
        using var b = Bitmaps.Shapes(9, 2);
        var pa = Write("a.png", Bitmaps.Encode(a, SKEncodedImageFormat.Png));
        var pb = Write("b.png", Bitmaps.Encode(b, SKEncodedImageFormat.Png));
        using var f = new PixelsFeaturizer();

        var e = Assert.Throws<AugBuildException>(() => Run(f, pa, pb));

        Assert.Equal(FeaturizationErrors.InconsistentImageShapes, e.Code);
        Assert.Contains("pixels:28", e.Message);
        Assert.Contains("3x9x9", e.Message);
    }

    [Fact]
    public void ACorruptImageIsAFailureNamingItsPathAndTheOthersStillRun()
    {
        using var good = Bitmaps.Shapes(6, 3);
        var ok1 = Write("ok1.png", Bitmaps.Encode(good, SKEncodedImageFormat.Png));
        var bad = Write("bad.png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var ok2 = Write("ok2.png", Bitmaps.Encode(good, SKEncodedImageFormat.Png));
        var missing = Path.Combine(_dir, "missing.png");
        using var f = new PixelsFeaturizer();

        var r = Run(f, ok1, bad, ok2, missing);

        Assert.NotNull(r.Features[0]);
        Assert.Null(r.Features[1]);
        Assert.NotNull(r.Features[2]);
        Assert.Null(r.Features[3]);
        Assert.Equal([1, 3], r.Failures.Select(x => x.Index));
        Assert.Contains(bad, r.Failures[0].Reason);
        Assert.Contains(ImagingErrors.Undecodable, r.Failures[0].Reason);
        Assert.Contains(missing, r.Failures[1].Reason);
        Assert.Equal(2, r.Computed);
    }

    [Fact]
    public void ResultsComeBackInInputOrderWithSmallBatchesAndManyWorkers()
    {
        var sources = new List<IImageSource>();
        var expected = new List<float[]>();
        for (var i = 0; i < 40; i++)
        {
            var v = (byte)(i * 6);
            sources.Add(new BitmapImageSource($"img{i}", $"key{i}", () => Bitmaps.Solid(3, 3, v)));
            expected.Add([.. Enumerable.Repeat(v / 255f, 27)]);
        }

        var progress = new ProgressReporter();
        using var f = new PixelsFeaturizer(batchSize: 7);

        var r = FeatureExtractor.Run(sources, f, null, progress, decodeWorkers: 4);

        Assert.Equal(40, r.Computed);
        for (var i = 0; i < 40; i++)
            Assert.Equal(expected[i], r.Features[i]!);
        Assert.Equal((40L, 40L), progress.Last);
        Assert.All(progress.Stages, s => Assert.Equal(FeatureExtractor.Stage, s));
    }

    [Fact]
    public void ADatasetFolderFeaturizesInItsImageOrder()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "ds", "cat"));
        Directory.CreateDirectory(Path.Combine(_dir, "ds", "dog"));
        File.WriteAllBytes(Path.Combine(_dir, "ds", "dog", "d.png"), ImageFiles.Png(1, 1, 0, 8, [30]));
        File.WriteAllBytes(Path.Combine(_dir, "ds", "cat", "c.png"), ImageFiles.Png(1, 1, 0, 8, [60]));
        var dataset = AugBuild.Engine.Data.DatasetLoader.Load(Path.Combine(_dir, "ds"));
        using var f = new PixelsFeaturizer();

        var r = FeatureExtractor.Run(FileImageSource.FromDataset(dataset), f, null, NullReporter.Instance);

        Assert.Equal(dataset.Images.Select(i => i.ClassName == "cat" ? 60 / 255f : 30 / 255f), r.Features.Select(v => v![0]));
    }

    private sealed class ProgressReporter : IReporter
    {
        public (long, long) Last { get; private set; }

        public List<string> Stages { get; } = [];

        public void Info(string message) { }

        public void Warning(string code, string message, string? file = null) { }

        public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images)
        {
            Stages.Add(stage);
            Last = (done, total);
        }
    }
}
