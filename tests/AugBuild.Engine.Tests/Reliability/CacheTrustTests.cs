using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Pipeline;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>
/// The cache's trust model: an entry is served only for the key and featurizer stored inside it, with the
/// featurizer's length and finite values; anything else is a miss (recomputed, replaced, warned once).
/// --verify-cache recomputes a seeded sample and fails on a mismatch. A damaged model copy is rewritten.
/// </summary>
public sealed class CacheTrustTests : IDisposable
{
    private const string Identity = "pixels/v1;test";
    private readonly PipelineFixture _f = new(perClass: 8);

    public void Dispose() => _f.Dispose();

    [Fact]
    public void AnEntryCopiedUnderAnotherKeyIsNotServedAndBadEntriesAreReportedOnce()
    {
        var reporter = new CollectingReporter();
        var cache = new FeatureCache(_f.Cache, reporter);
        cache.Put("xxh128:a", Identity, [1, 2, 3]);
        cache.Put("xxh128:b", Identity, [4, 5, 6]);
        var b = cache.EntryPath("xxh128:b", Identity);
        File.Copy(cache.EntryPath("xxh128:a", Identity), b, overwrite: true);
        var c = cache.EntryPath("xxh128:c", Identity);
        Directory.CreateDirectory(Path.GetDirectoryName(c)!);
        File.Copy(cache.EntryPath("xxh128:a", Identity), c, overwrite: true);

        Assert.False(cache.TryGet("xxh128:b", Identity, out _));
        Assert.False(cache.TryGet("xxh128:c", Identity, out _));
        Assert.False(File.Exists(b), "the bad entry is removed so it is replaced");
        Assert.True(cache.TryGet("xxh128:a", Identity, out var a));
        Assert.Equal([1f, 2, 3], a);
        Assert.Equal(2, cache.Corrupt);
        Assert.Single(reporter.Warnings, w => w.Code == FeaturizationErrors.CorruptCacheEntry);
    }

    [Theory]
    [InlineData("length")]
    [InlineData("nan")]
    public async Task AnEntryOfTheWrongLengthOrWithNonFiniteValuesIsAMissAndTheRunSucceeds(string damage)
    {
        await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());
        var cache = DatasetFeatures.OpenCache(_f.Cache, NullReporter.Instance);
        var entries = Directory.GetFiles(cache.Folder, "*.f32", SearchOption.AllDirectories);
        Assert.Equal(16, entries.Length);
        var identity = File.ReadAllText(Directory.GetFiles(cache.Folder, "identity.txt", SearchOption.AllDirectories).Single()).TrimEnd('\n');
        var key = ContentHash.OfFile(Path.Combine(_f.Images, "dark", "dark_000.png"));
        float[] bad = damage == "length" ? [1, 2, 3] : [.. Enumerable.Repeat(float.NaN, 64)];
        File.WriteAllBytes(cache.EntryPath(key, identity), FeatureCache.Serialize(bad, key, identity));
        Directory.Delete(Path.Combine(_f.Out, RunPipeline.StateFolder), recursive: true);
        var reporter = new CollectingReporter();

        await RunPipeline.RunAsync(WithC(_f.Request(), 2), reporter);

        Assert.Single(reporter.Warnings, w => w.Code == FeaturizationErrors.CorruptCacheEntry);
        Assert.Contains(reporter.Infos, i => i.Contains("1 computed, 15 cached", StringComparison.Ordinal));
        Assert.True(cache.TryGet(key, identity, 64, out var replaced));
        Assert.Equal(64, replaced.Length);
    }

    [Fact]
    public async Task VerifyCacheRecomputesASeededSampleAndFailsOnAnAlteredEntry()
    {
        await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());
        var cache = DatasetFeatures.OpenCache(_f.Cache, NullReporter.Instance);
        var identity = File.ReadAllText(Directory.GetFiles(cache.Folder, "identity.txt", SearchOption.AllDirectories).Single()).TrimEnd('\n');
        var keys = Directory.GetFiles(_f.Images, "*.png", SearchOption.AllDirectories).Select(ContentHash.OfFile).ToList();

        // A well-formed entry for the right key with other features: the checksum cannot tell.
        foreach (var key in keys)
        {
            Assert.True(cache.TryGet(key, identity, 64, out var features));
            File.WriteAllBytes(cache.EntryPath(key, identity), FeatureCache.Serialize([.. features.Select(v => v + 0.25f)], key, identity));
        }

        var quietly = await RunPipeline.RunAsync(WithC(_f.Request(), 2), new CollectingReporter());
        Assert.Contains("score", quietly.StagesRun); // served without complaint: what --verify-cache is for

        var e = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(Verify(WithC(_f.Request(), 2), "25%"), new CollectingReporter()));
        Assert.Equal(FeaturizationErrors.CacheMismatch, e.Code);

        // The sample is seeded: the same images on every run with a seed, about the asked share of them.
        var check = CacheVerification.Parse("25", seed: 3)!;
        var sampled = keys.Where(check.Samples).ToList();
        Assert.Equal(sampled, keys.Where(CacheVerification.Parse("25%", seed: 3)!.Samples));
        Assert.InRange(sampled.Count, 1, 12);
        Assert.NotEqual(sampled, keys.Where(CacheVerification.Parse("25", seed: 4)!.Samples));
    }

    [Fact]
    public async Task VerifyCachePassesOnAnHonestCacheAndCountsWhatItChecked()
    {
        await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());
        Directory.Delete(Path.Combine(_f.Out, RunPipeline.StateFolder), recursive: true);
        var reporter = new CollectingReporter();

        await RunPipeline.RunAsync(Verify(_f.Request(), "100"), reporter);

        Assert.Contains(reporter.Infos, i => i.Contains("16 computed, 0 cached, 16 cached entries recomputed and verified", StringComparison.Ordinal));
        Assert.Equal(AugBuild.Settings.SettingErrors.InvalidVerifyCache, Assert.Throws<AugBuild.Settings.SettingException>(() => CacheVerification.Parse("150", 0)).Code);
        Assert.Null(CacheVerification.Parse("0", 0));
    }

    [Fact]
    public void ATruncatedCachedModelCopyIsRewrittenWithOneWarning()
    {
        var dir = Path.Combine(_f.Root, "onnx");
        Directory.CreateDirectory(dir);
        var model = Path.Combine(dir, "linear.onnx");
        File.WriteAllBytes(model, TinyOnnx.LinearOnImage([.. Enumerable.Range(0, 24).Select(i => i * 0.1f)], [0.5f, -1.5f]));
        var options = new FeaturizerOptions
        {
            Settings = AugBuild.Engine.Settings.FeaturizationSettings.Default with { Device = "cpu", BatchSize = 2 },
            ModelCacheDirectory = Path.Combine(dir, "models"),
            BaseDirectory = dir,
        };
        float[] Features(IReporter reporter)
        {
            using var f = FeaturizerFactory.Create(model, options, reporter);
            var source = new BitmapImageSource("img", "k", () => Bitmaps.Colors(2, 2, (x, y) => new SKColor((byte)(40 * x), (byte)(70 * y), 9)));
            return FeatureExtractor.Run([source], f, null, reporter).Features[0]!;
        }

        var expected = Features(NullReporter.Instance);
        var copy = Assert.Single(Directory.GetFiles(Path.Combine(dir, "models"), "*-batchN-v1.onnx"));
        var whole = File.ReadAllBytes(copy);
        File.WriteAllBytes(copy, whole[..(whole.Length - 40)]);
        var reporter = new CollectingReporter();

        var again = Features(reporter);

        Assert.Equal(expected, again);
        Assert.Equal(whole, File.ReadAllBytes(copy));
        Assert.Single(reporter.Warnings, w => w.Code == FeaturizationErrors.CorruptCacheEntry);
    }

    private static RunRequest WithC(RunRequest request, double c) => request with { Selection = request.Selection with { C = c } };

    private static RunRequest Verify(RunRequest request, string percent) =>
        request with { Featurization = request.Featurization with { VerifyCache = CacheVerification.Parse(percent) } };
}
