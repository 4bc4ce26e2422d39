using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Settings;
using AugBuild.Settings;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Featurization;

public sealed class OnnxFeaturizerTests : IDisposable
{
    private static readonly float[] W = [.. Enumerable.Range(0, 24).Select(i => (i % 5 - 2) * 0.25f)];
    private static readonly float[] B = [0.5f, -1.5f];

    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-onnx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FeaturizerOptions Options(int batch = 32, Func<FeaturizationSettings, FeaturizationSettings>? change = null) =>
        new() { Settings = (change ?? (s => s))(FeaturizationSettings.Default with { Device = "cpu", BatchSize = batch }), ModelCacheDirectory = Path.Combine(_dir, "models"), BaseDirectory = _dir };

    private string Model(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(_dir, name), bytes);
        return name;
    }

    /// <summary>2x2 RGB image i: channel c at (x, y) = 20 * i + 60 * c + 10 * (2y + x).</summary>
    private static byte Pixel(int i, int c, int x, int y) => (byte)(20 * i + 60 * c + 10 * (2 * y + x));

    private static IImageSource Image(int i) => new BitmapImageSource($"img{i}", $"k{i}", () =>
        Bitmaps.Colors(2, 2, (x, y) => new SKColor(Pixel(i, 0, x, y), Pixel(i, 1, x, y), Pixel(i, 2, x, y))));

    /// <summary>y = b + sum_k x_k W[k, j], x in CHW order, x = (p / 255 - mean[c]) / std[c].</summary>
    private static double[] Expected(int i, float[] mean, float[] std)
    {
        var y = new double[] { B[0], B[1] };
        for (var c = 0; c < 3; c++)
        {
            for (var yy = 0; yy < 2; yy++)
            {
                for (var xx = 0; xx < 2; xx++)
                {
                    var k = c * 4 + yy * 2 + xx;
                    var v = (Pixel(i, c, xx, yy) / 255.0 - mean[c]) / std[c];
                    y[0] += v * W[k * 2];
                    y[1] += v * W[k * 2 + 1];
                }
            }
        }

        return y;
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
            Assert.Equal(expected[k], actual[k], 1e-5);
    }

    [Fact]
    public void LinearModelGivesTheHandComputedOutputInBatchesWithAFixedBatchOneModel()
    {
        var spec = Model("linear.onnx", TinyOnnx.LinearOnImage(W, B));
        using var f = FeaturizerFactory.Create(spec, Options(batch: 2), NullReporter.Instance);

        var r = FeatureExtractor.Run([.. Enumerable.Range(0, 5).Select(Image)], f, null, NullReporter.Instance);

        Assert.Equal(2, r.Dimension);
        Assert.Equal(2, f.Dimension);
        Assert.Equal("CPU", f.Provider);
        for (var i = 0; i < 5; i++)
            AssertClose(Expected(i, [0, 0, 0], [1, 1, 1]), r.Features[i]!);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "models"), "*-batchN-v1.onnx"));
    }

    [Fact]
    public async Task ALazySessionIsNeverOpenedWhenEveryImageIsCachedAndOpensOnTheFirstMiss()
    {
        // ONNX Runtime rejects this graph (an unknown operator) but only when a session is opened: what shows
        // whether one was. Eagerly, creating the featurizer already fails.
        var spec = Model("unloadable.onnx", TinyOnnx.SingleOp(TinyOnnx.Value("x", 1, 3, 8, 8), "NoSuchOperator"));
        var eager = Assert.Throws<AugBuildException>(() => FeaturizerFactory.Create(spec, Options(), NullReporter.Instance));
        Assert.Equal(FeaturizationErrors.InvalidModel, eager.Code);

        var reporter = new CollectingReporter();
        using var f = FeaturizerFactory.Create(spec, Options() with { OpenSessionOnFirstBatch = true }, reporter);
        var cache = new FeatureCache(Path.Combine(_dir, "cache"));
        float[][] stored = [.. Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 192).Select(k => i * 1000f + k).ToArray())];
        for (var i = 0; i < 3; i++)
            cache.Put($"k{i}", f.Identity, stored[i]);
        await cache.FlushAsync();

        var r = FeatureExtractor.Run([.. Enumerable.Range(0, 3).Select(Image)], f, cache, reporter);

        Assert.Equal((0, 3), (r.Computed, r.Cached));
        for (var i = 0; i < 3; i++)
            Assert.Equal(stored[i], r.Features[i]);
        Assert.Null(f.OpenedProvider);
        Assert.DoesNotContain(reporter.Infos, m => m.Contains("runs on ONNX Runtime", StringComparison.Ordinal));
        Assert.Equal("unloadable.onnx not started: every image cached", FeaturizerSummary.Where(f));

        // One image not in the cache opens the session, and the model's failure surfaces as it did at creation.
        var e = Assert.Throws<AugBuildException>(() => FeatureExtractor.Run([Image(0), Image(3)], f, cache, reporter));
        Assert.Equal(FeaturizationErrors.InvalidModel, e.Code);
        Assert.Contains("ONNX Runtime cannot load model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALazySessionOpensOnTheFirstMissAndGivesTheSameFeaturesAndMessage()
    {
        var spec = Model("linear.onnx", TinyOnnx.LinearOnImage(W, B));
        var reporter = new CollectingReporter();
        using var f = FeaturizerFactory.Create(spec, Options(batch: 2) with { OpenSessionOnFirstBatch = true }, reporter);
        Assert.Empty(reporter.Infos);

        var r = FeatureExtractor.Run([.. Enumerable.Range(0, 5).Select(Image)], f, null, reporter);

        Assert.Equal("CPU", f.OpenedProvider);
        Assert.Equal("linear.onnx on CPU", FeaturizerSummary.Where(f));
        Assert.Single(reporter.Infos, m => m.Contains("runs on ONNX Runtime CPU", StringComparison.Ordinal));
        for (var i = 0; i < 5; i++)
            AssertClose(Expected(i, [0, 0, 0], [1, 1, 1]), r.Features[i]!);
    }

    [Fact]
    public void MeanAndStdComeFromOptionsOrTheModelMetadataAndEnterTheIdentity()
    {
        var plain = Model("plain.onnx", TinyOnnx.LinearOnImage(W, B));
        var tagged = Model("tagged.onnx", TinyOnnx.LinearOnImage(W, B, metadata: new() { ["mean"] = "0.5,0.25,0.125", ["std"] = "0.5" }));
        using var fromOptions = FeaturizerFactory.Create(plain, Options(change: s => s with { Mean = [0.5f, 0.25f, 0.125f], Std = [0.5f] }), NullReporter.Instance);
        using var fromMetadata = FeaturizerFactory.Create(tagged, Options(), NullReporter.Instance);
        using var none = FeaturizerFactory.Create(plain, Options(), NullReporter.Instance);

        float[] mean = [0.5f, 0.25f, 0.125f], std = [0.5f, 0.5f, 0.5f];
        foreach (var f in new[] { fromOptions, fromMetadata })
        {
            var r = FeatureExtractor.Run([Image(1), Image(3)], f, null, NullReporter.Instance);
            AssertClose(Expected(1, mean, std), r.Features[0]!);
            AssertClose(Expected(3, mean, std), r.Features[1]!);
        }

        Assert.NotEqual(none.Identity, fromOptions.Identity);
        Assert.Contains("mean=0.5,0.25,0.125", fromOptions.Identity);
    }

    [Fact]
    public void IdentityIgnoresBatchSizeThreadsAndDeviceButNotTheModelBytes()
    {
        var a = Model("a.onnx", TinyOnnx.LinearOnImage(W, B));
        var b = Model("b.onnx", TinyOnnx.LinearOnImage(W, [0.5f, -1.25f]));
        using var f1 = FeaturizerFactory.Create(a, Options(batch: 1, change: s => s with { Threads = 1 }), NullReporter.Instance);
        using var f2 = FeaturizerFactory.Create(a, Options(batch: 64, change: s => s with { Device = "auto" }), NullReporter.Instance);
        using var f3 = FeaturizerFactory.Create(b, Options(), NullReporter.Instance);

        Assert.Equal(f1.Identity, f2.Identity);
        Assert.NotEqual(f1.Identity, f3.Identity);
    }

    [Fact]
    public void AModelThatHardCodesBatchOneFallsBackToSingleImagesWithAWarning()
    {
        var spec = Model("reshape.onnx", TinyOnnx.LinearOnImage(W, B, reshapeToBatchOne: true));
        var reporter = new CollectingReporter();
        using var f = FeaturizerFactory.Create(spec, Options(batch: 4), reporter);

        var r = FeatureExtractor.Run([.. Enumerable.Range(0, 6).Select(Image)], f, null, reporter);

        Assert.Single(reporter.Warnings, w => w.Code == FeaturizationErrors.BatchingUnsupported);
        for (var i = 0; i < 6; i++)
            AssertClose(Expected(i, [0, 0, 0], [1, 1, 1]), r.Features[i]!);
    }

    [Fact]
    public void ChannelsLastInputsAreLaidOutHwc()
    {
        var spec = Model("nhwc.onnx", TinyOnnx.ChannelMeanNhwc(2));
        using var f = FeaturizerFactory.Create(spec, Options(), NullReporter.Instance);

        var got = FeatureExtractor.Run([Image(2)], f, null, NullReporter.Instance).Features[0]!;

        for (var c = 0; c < 3; c++)
        {
            var mean = Enumerable.Range(0, 4).Average(p => Pixel(2, c, p % 2, p / 2) / 255.0);
            Assert.Equal(mean, got[c], 1e-6);
        }
    }

    [Fact]
    public void SymbolicImageSizeNeedsASide()
    {
        var spec = Model("gap.onnx", TinyOnnx.GlobalMeanSymbolic());

        var e = Assert.Throws<AugBuildException>(() => FeaturizerFactory.Create(spec, Options(), NullReporter.Instance));
        Assert.Equal(FeaturizationErrors.SideRequired, e.Code);
        Assert.Contains("--onnx-side (AugOnnxSide)", e.Message, StringComparison.Ordinal);

        // The side as the command line and MSBuild give it: through the featurization record's parser.
        var side = FeaturizationSettings.From(new SettingValues(new Dictionary<string, string?> { ["--onnx-side"] = "4", ["--device"] = "cpu" }, d => d.Option));
        using var f = FeaturizerFactory.Create(spec, Options() with { Settings = side }, NullReporter.Instance);
        var gray = new BitmapImageSource("g", "g", () =>
        {
            var bmp = new SKBitmap(new SKImageInfo(2, 1, SKColorType.Gray8, SKAlphaType.Opaque));
            new byte[] { 0, 200 }.CopyTo(bmp.GetPixelSpan());
            return bmp;
        });
        var got = FeatureExtractor.Run([gray], f, null, NullReporter.Instance);

        // 2x1 -> 4x4: every row is (0, 50, 150, 200) (see the pixel tests), mean 100.
        Assert.Equal(100 / 255.0, got.Features[0]![0], 1e-6);
        Assert.Equal(1, got.Dimension);
    }

    [Theory]
    [InlineData("resnet50", SettingErrors.InvalidFeaturizer)]
    [InlineData("pixels:abc", SettingErrors.InvalidFeaturizer)]
    [InlineData("missing.onnx", FeaturizationErrors.ModelNotFound)]
    [InlineData("onnx:", SettingErrors.InvalidFeaturizer)]
    public void BadSpecsAreCodedErrors(string spec, string code)
    {
        var e = Assert.Throws<AugBuildException>(() => FeaturizerFactory.Create(spec, Options(), NullReporter.Instance));
        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void PixelSpecsParse()
    {
        using var a = FeaturizerFactory.Create("pixels:28", Options(), NullReporter.Instance);
        using var b = FeaturizerFactory.Create("pixels:16:rgb", Options(), NullReporter.Instance);
        using var c = FeaturizerFactory.Create("PIXELS:gray", Options(), NullReporter.Instance);

        Assert.Contains("side=28", a.Identity);
        Assert.Equal(16 * 16 * 3, b.Dimension);
        Assert.Contains("channels=gray", c.Identity);
        Assert.Contains("side=native", c.Identity);
    }

    [Fact]
    public void AutoDeviceFallsBackToCpuWithOneMessageNotAWarningAndCudaIsACodedError()
    {
        var spec = Model("linear.onnx", TinyOnnx.LinearOnImage(W, B));
        var reporter = new CollectingReporter();

        using var f = FeaturizerFactory.Create(spec, Options(change: s => s with { Device = "auto" }), reporter);

        Assert.Equal("CPU", f.Provider);
        // A CPU-only machine is normal: warnings-as-errors builds must stay green there.
        Assert.Empty(reporter.Warnings);
        var line = Assert.Single(reporter.Infos);
        Assert.Contains("runs on ONNX Runtime CPU", line);
        Assert.Contains("CUDA", line);
        Assert.DoesNotContain('\n', line);

        var e = Assert.Throws<AugBuildException>(() => FeaturizerFactory.Create(spec, Options(change: s => s with { Device = "cuda" }), NullReporter.Instance));
        Assert.Equal(FeaturizationErrors.CudaUnavailable, e.Code);
        var bad = Assert.Throws<AugBuildException>(() => FeaturizerFactory.Create(spec, Options(change: s => s with { Device = "tpu" }), NullReporter.Instance));
        Assert.Equal(SettingErrors.InvalidFeaturizationOption, bad.Code);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("cpu")]
    public void SeveralSessionsForOneReporterSayWhereTheyRunOnce(string device)
    {
        // An experiment makes four sessions (train and test, originals and copies); the log should say it once.
        var spec = Model("linear.onnx", TinyOnnx.LinearOnImage(W, B));
        var reporter = new CollectingReporter();

        for (var i = 0; i < 3; i++)
        {
            using var f = FeaturizerFactory.Create(spec, Options(change: s => s with { Device = device }), reporter);
        }

        Assert.Equal(1, reporter.Infos.Count(m => m.Contains("runs on ONNX Runtime", StringComparison.Ordinal)));
        Assert.Empty(reporter.Warnings);
        var other = new CollectingReporter();
        using (FeaturizerFactory.Create(spec, Options(change: s => s with { Device = device }), other))
        {
            Assert.Equal(1, other.Infos.Count + other.Warnings.Count); // a new command (reporter) is told again
        }
    }
}
