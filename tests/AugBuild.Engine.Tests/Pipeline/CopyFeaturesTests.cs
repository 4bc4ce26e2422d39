using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Settings;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Pipeline;

public sealed class CopyFeaturesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-copies-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CopiesAreTheFeaturesOfEachTransformAppliedToTheDecodedOriginal()
    {
        var dataset = WriteDataset();
        var transforms = TransformSet.Parse("translate;crop:1,2;flip-h");
        var reporter = new CollectingReporter();
        using var copies = new CopyFeatures(Pixels(Path.Combine(_dir, "cache")), transforms, reporter);

        var got = copies.For([2, 0], dataset, CancellationToken.None);

        using var reference = new PixelsFeaturizer(side: 8);
        Assert.Equal(2, got.Count);
        foreach (var (index, features) in new[] { 2, 0 }.Zip(got))
        {
            using var original = ImageDecoder.DecodeFile(dataset.Images[index].FullPath);
            var expected = transforms.Expand(original.Width, original.Height).Select(copy =>
            {
                using var rendered = copy.Apply(original);
                return reference.Infer([reference.Prepare(rendered)])[0];
            }).ToList();
            Assert.Equal(transforms.CopiesPerImage, features.Length);
            for (var c = 0; c < expected.Count; c++)
                Assert.Equal(expected[c], features[c]);
        }

        Assert.Contains(CopyFeatures.ProgressStage, reporter.ProgressStages);
        Assert.Contains(reporter.Infos, m => m.StartsWith($"featurize {2 * transforms.CopiesPerImage} augmented copies: {2 * transforms.CopiesPerImage} computed, 0 cached", StringComparison.Ordinal));
    }

    [Fact]
    public void ASecondInstanceReadsEveryCopyFromTheCache()
    {
        var dataset = WriteDataset();
        var transforms = TransformSet.Parse("translate");
        var cache = Path.Combine(_dir, "cache");
        using (var first = new CopyFeatures(Pixels(cache), transforms, NullReporter.Instance))
            first.For([0, 1, 2], dataset, CancellationToken.None);

        var reporter = new CollectingReporter();
        using var second = new CopyFeatures(Pixels(cache), transforms, reporter);
        second.For([0, 1, 2], dataset, CancellationToken.None);

        Assert.Contains(reporter.Infos, m => m.StartsWith("featurize 12 augmented copies: 0 computed, 12 cached", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUndecodableOriginalIsTheCodedErrorNamingIt()
    {
        var dataset = WriteDataset();
        File.WriteAllText(dataset.Images[1].FullPath, "not an image");
        using var copies = new CopyFeatures(Pixels(Path.Combine(_dir, "cache")), TransformSet.Parse("flip-h"), NullReporter.Instance);

        var e = Assert.Throws<AugBuildException>(() => copies.For([0, 1], dataset, CancellationToken.None));

        Assert.Equal(ImagingErrors.Undecodable, e.Code);
        Assert.Equal(dataset.Images[1].FullPath, e.File);
    }

    /// <summary>Three images of different sizes and formats in two classes.</summary>
    private ImageDataset WriteDataset()
    {
        var root = Path.Combine(_dir, "images");
        Directory.CreateDirectory(Path.Combine(root, "a"));
        Directory.CreateDirectory(Path.Combine(root, "b"));
        using (var shapes = Bitmaps.Shapes(20, 1))
            File.WriteAllBytes(Path.Combine(root, "a", "one.png"), Bitmaps.Encode(shapes, SKEncodedImageFormat.Png));
        using (var wide = Bitmaps.Colors(24, 12, (x, y) => new SKColor((byte)(x * 10), (byte)(y * 20), 90)))
            File.WriteAllBytes(Path.Combine(root, "a", "two.png"), Bitmaps.Encode(wide, SKEncodedImageFormat.Png));
        using (var tall = Bitmaps.Colors(10, 18, (x, y) => new SKColor(30, (byte)(x * 25), (byte)(y * 14))))
            File.WriteAllBytes(Path.Combine(root, "b", "three.jpg"), Bitmaps.Encode(tall, SKEncodedImageFormat.Jpeg));
        return DatasetLoader.Load(root);
    }

    private static FeaturizationSettings Pixels(string cache) =>
        FeaturizationSettings.Default with { Featurizer = "pixels:8", Device = "cpu", CacheDir = cache, BatchSize = 4 };
}
