using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;
using AugBuild.Engine.Settings;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Featurization;

/// <summary>The default featurizer on a few drawn images (ORT CPU runs about 55 images/s, so keep this small).</summary>
public sealed class ResNet18Tests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-resnet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] WriteImages()
    {
        // Different sizes and a gray one: every image is resized to 224 and gray replicates to RGB.
        var paths = new List<string>();
        foreach (var (size, seed) in new[] { (32, 1), (64, 2), (40, 3) })
        {
            using var bmp = Bitmaps.Shapes(size, seed);
            paths.Add(Path.Combine(_dir, $"s{seed}.png"));
            File.WriteAllBytes(paths[^1], Bitmaps.Encode(bmp, SKEncodedImageFormat.Png));
        }

        var gray = Enumerable.Range(0, 28 * 28).Select(i => (i * 37) % 256).ToArray();
        paths.Add(Path.Combine(_dir, "gray.png"));
        File.WriteAllBytes(paths[^1], ImageFiles.Png(28, 28, colorType: 0, bitDepth: 8, gray));
        return [.. paths];
    }

    private FeaturizerOptions Options(int batch) =>
        new() { Settings = FeaturizationSettings.Default with { Device = "cpu", BatchSize = batch }, ModelCacheDirectory = Path.Combine(_dir, "models") };

    [Fact]
    public void Gives512FiniteValuesIdenticalAtBatch1AndBatch32AndMatchesThePackagesOwnPreprocessing()
    {
        var paths = WriteImages();
        var sources = paths.Select(p => (IImageSource)new FileImageSource(p)).ToList();
        using var one = FeaturizerFactory.Create("resnet18", Options(1), NullReporter.Instance);
        using var many = FeaturizerFactory.Create("resnet18", Options(32), NullReporter.Instance);

        var r1 = FeatureExtractor.Run(sources, one, null, NullReporter.Instance);
        var r32 = FeatureExtractor.Run(sources, many, null, NullReporter.Instance);

        Assert.Equal(512, one.Dimension);
        Assert.Equal(512, r32.Dimension);
        Assert.Equal(one.Identity, many.Identity);
        Assert.Empty(r32.Failures);
        for (var i = 0; i < paths.Length; i++)
        {
            Assert.Equal(512, r32.Features[i]!.Length);
            Assert.All(r32.Features[i]!, v => Assert.True(float.IsFinite(v)));
            for (var k = 0; k < 512; k++)
                Assert.Equal(r1.Features[i]![k], r32.Features[i]![k], 1e-5);
        }

        Assert.True(r32.Features[0]!.Zip(r32.Features[1]!).Any(p => Math.Abs(p.First - p.Second) > 1e-3), "different images, different features");

        // Reference: the package's ResNetPreprocess.onnx chained into the original (batch 1) ResNet18.onnx.
        var modelPath = ResNet18Files.LocateModel(null);
        using var prep = new InferenceSession(ResNet18Files.LocatePreprocess(modelPath));
        using var net = new InferenceSession(modelPath);
        for (var i = 0; i < paths.Length; i++)
        {
            using var bmp = ImageDecoder.DecodeFile(paths[i]);
            var rgb = new float[3 * 224 * 224];
            PixelExtractor.ToPlanar(bmp, 3, 224, 224, rgb);
            using var x = OrtValue.CreateTensorValueFromMemory(rgb, [1, 3, 224, 224]);
            using var p = prep.Run(new RunOptions(), ["OriginalInput"], [x], ["PreprocessedInput"]);
            using var y = net.Run(new RunOptions(), ["Input247"], [p[0]], ["Pooling395_Output_0"]);
            var expected = y[0].GetTensorDataAsSpan<float>().ToArray();
            for (var k = 0; k < 512; k++)
                Assert.Equal(expected[k], r32.Features[i]![k], 1e-4);
        }
    }

    [Fact]
    public void AMissingModelOverrideIsACodedError()
    {
        var e = Assert.Throws<AugBuildException>(() =>
            FeaturizerFactory.Create("resnet18", Options(8) with { Settings = FeaturizationSettings.Default with { Device = "cpu", ModelPath = Path.Combine(_dir, "nope.onnx") } }, NullReporter.Instance));

        Assert.Equal(FeaturizationErrors.ModelNotFound, e.Code);
        Assert.Contains("nope.onnx", e.Message);
    }

    [Fact]
    public void APackagesFolderWithoutTheModelIsACodedErrorNamingThePackage()
    {
        var e = Assert.Throws<AugBuildException>(() => ResNet18Files.LocateModel(null, Path.Combine(_dir, "empty-packages")));

        Assert.Equal(FeaturizationErrors.ResNet18Missing, e.Code);
        Assert.Contains(ResNet18Files.PackageId, e.Message);
    }
}
