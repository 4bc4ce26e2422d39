using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Featurization;

public sealed class FeatureCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-cache-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] WriteImages(int count)
    {
        var paths = new string[count];
        for (var i = 0; i < count; i++)
        {
            using var bmp = Bitmaps.Shapes(10, 100 + i);
            paths[i] = Path.Combine(_dir, $"img{i}.png");
            File.WriteAllBytes(paths[i], Bitmaps.Encode(bmp, SKEncodedImageFormat.Png));
        }

        return paths;
    }

    [Fact]
    public void SecondRunIsAllHitsAndAChangedImageIsRecomputed()
    {
        var paths = WriteImages(5);
        var sources = paths.Select(p => (IImageSource)new FileImageSource(p)).ToList();
        using var f = new PixelsFeaturizer();
        var cache = new FeatureCache(Path.Combine(_dir, "cache"));

        var first = FeatureExtractor.Run(sources, f, cache, NullReporter.Instance);
        var second = FeatureExtractor.Run([.. paths.Select(p => new FileImageSource(p))], f, cache, NullReporter.Instance);

        Assert.Equal((5, 0), (first.Computed, first.Cached));
        Assert.Equal((0, 5), (second.Computed, second.Cached));
        for (var i = 0; i < 5; i++)
            Assert.Equal(first.Features[i], second.Features[i]);

        using (var changed = Bitmaps.Shapes(10, 999))
            File.WriteAllBytes(paths[2], Bitmaps.Encode(changed, SKEncodedImageFormat.Png));
        var third = FeatureExtractor.Run([.. paths.Select(p => new FileImageSource(p))], f, cache, NullReporter.Instance);

        Assert.Equal((1, 4), (third.Computed, third.Cached));
        Assert.NotEqual(first.Features[2], third.Features[2]);
        var direct = FeatureExtractor.Run([new FileImageSource(paths[2])], f, null, NullReporter.Instance);
        Assert.Equal(direct.Features[0], third.Features[2]);
    }

    [Fact]
    public void TheFeaturizerIdentityIsPartOfTheKey()
    {
        var paths = WriteImages(2);
        var cache = new FeatureCache(Path.Combine(_dir, "cache"));
        using var native = new PixelsFeaturizer();
        using var resized = new PixelsFeaturizer(side: 5);

        FeatureExtractor.Run([.. paths.Select(p => new FileImageSource(p))], native, cache, NullReporter.Instance);
        var r = FeatureExtractor.Run([.. paths.Select(p => new FileImageSource(p))], resized, cache, NullReporter.Instance);

        Assert.Equal((2, 0), (r.Computed, r.Cached));
        Assert.Equal(75, r.Dimension);
    }

    [Fact]
    public void CorruptAndTruncatedEntriesAreDetectedReportedAndRecomputed()
    {
        var paths = WriteImages(3);
        using var f = new PixelsFeaturizer();
        var folder = Path.Combine(_dir, "cache");
        var first = FeatureExtractor.Run([.. paths.Select(p => new FileImageSource(p))], f, new FeatureCache(folder), NullReporter.Instance);

        var probe = new FeatureCache(folder);
        var flipped = probe.EntryPath(new FileImageSource(paths[0]).ContentKey, f.Identity);
        var truncated = probe.EntryPath(new FileImageSource(paths[1]).ContentKey, f.Identity);
        var bytes = File.ReadAllBytes(flipped);
        bytes[20] ^= 0x10; // one bit of one feature value
        File.WriteAllBytes(flipped, bytes);
        var whole = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, whole[..(whole.Length - 5)]);

        var reporter = new CollectingReporter();
        var cache = new FeatureCache(folder, reporter);
        var second = FeatureExtractor.Run([.. paths.Select(p => new FileImageSource(p))], f, cache, reporter);

        Assert.Equal((2, 1), (second.Computed, second.Cached));
        Assert.Equal(2, cache.Corrupt);
        // Warned once per cache, naming the first bad entry found (decoders run in parallel).
        Assert.Equal(1, reporter.Warnings.Count(w => w.Code == FeaturizationErrors.CorruptCacheEntry));
        Assert.Contains(reporter.Warnings, w => w.File == flipped || w.File == truncated);
        for (var i = 0; i < 3; i++)
            Assert.Equal(first.Features[i], second.Features[i]);
        Assert.Equal(whole, File.ReadAllBytes(truncated)); // rewritten whole
    }

    [Fact]
    public void InMemorySourcesAreCachedByTheirCallerKey()
    {
        using var f = new PixelsFeaturizer();
        var cache = new FeatureCache(Path.Combine(_dir, "cache"));
        var loads = 0;
        IImageSource Copy(byte v) => new BitmapImageSource("a.png#rotate(15)", $"xxh128:abc|rotate|{v}", () =>
        {
            Interlocked.Increment(ref loads);
            return Bitmaps.Solid(2, 2, v);
        });

        FeatureExtractor.Run([Copy(1), Copy(2)], f, cache, NullReporter.Instance);
        var again = FeatureExtractor.Run([Copy(2), Copy(1)], f, cache, NullReporter.Instance);

        Assert.Equal(2, loads);
        Assert.Equal(2, again.Cached);
        Assert.Equal(2 / 255f, again.Features[0]![0]);
    }

    [Fact]
    public void ConcurrentWritersAndReadersOfOneEntryNeverSeeAPartialEntry()
    {
        var folder = Path.Combine(_dir, "shared");
        var values = Enumerable.Range(0, 4096).Select(i => i * 0.5f).ToArray();
        var writers = Enumerable.Range(0, 2).Select(_ => new FeatureCache(folder)).ToArray();
        var reader = new CollectingReporter();
        var readCache = new FeatureCache(folder, reader);
        var hits = 0;

        Parallel.For(0, 400, i =>
        {
            if (i % 2 == 0)
            {
                writers[i % 4 / 2].Put("key", "id", values);
            }
            else if (readCache.TryGet("key", "id", out var got))
            {
                Assert.Equal(values, got);
                Interlocked.Increment(ref hits);
            }
        });

        Assert.Empty(reader.Warnings);
        Assert.True(readCache.TryGet("key", "id", out _));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }
}
