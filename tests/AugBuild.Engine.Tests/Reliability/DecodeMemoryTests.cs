using System.Diagnostics;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>Decoding memory is bounded: formats that cannot decode downscaled are refused above the pixel limit, and concurrent decodes share one budget.</summary>
public sealed class DecodeMemoryTests
{
    [Fact]
    public void AGifDeclaring65535SquaredIsRefusedFromItsHeaderAsTheDocsSay()
    {
        var bomb = ImageFiles.Gif(65535, 65535, [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 255]], [0, 1, 0, 1]);
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<AugBuildException>(() => ImageDecoder.Decode(bomb, "bomb.gif"));

        Assert.Equal(ImagingErrors.ImageTooLarge, e.Code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"refused from the header, not decoded ({clock.Elapsed})");
    }

    [Fact]
    public void ConcurrentReservationsNeverExceedTheBudgetAndAnOversizedOneRunsAlone()
    {
        var budget = new DecodeBudget(100);
        var inside = 0;
        var most = 0;
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            using (budget.Reserve(i % 6 == 0 ? 500 : 40))
            {
                var now = Interlocked.Add(ref inside, i % 6 == 0 ? 100 : 40);
                int seen;
                do seen = most; while (now > seen && Interlocked.CompareExchange(ref most, now, seen) != seen);
                Thread.Sleep(5);
                Interlocked.Add(ref inside, i % 6 == 0 ? -100 : -40);
            }
        });

        Assert.InRange(most, 40, 100);
        Assert.Equal(100, budget.Peak);
    }

    [Fact]
    public void AFileSourceEstimatesItsDecodeFromTheHeaderWithoutDecoding()
    {
        var dir = Directory.CreateTempSubdirectory("augbuild-mem-").FullName;
        try
        {
            var path = Path.Combine(dir, "big.png");
            File.WriteAllBytes(path, ImageFiles.PngBomb(9950, 9950));

            var bytes = new FileImageSource(path).DecodeBytes;

            Assert.Equal(9950L * 9950 * 4 * DecodeBudget.WorkingCopies, bytes);
            Assert.Equal(bytes, DecodeBudget.BytesFor(File.ReadAllBytes(path)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PixelsWithoutASideRefusesAnImageWhoseFeaturesWouldNotFitInsteadOfRunningOutOfMemory()
    {
        using var featurizer = new PixelsFeaturizer();
        using var huge = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(4097, 4096, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque));
        using var fits = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(64, 64, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque));

        var e = Assert.Throws<AugBuildException>(() => featurizer.Prepare(huge));

        Assert.Equal(ImagingErrors.ImageTooLarge, e.Code);
        Assert.Contains("pixels:64", e.Message);
        using var prepared = featurizer.Prepare(fits);
        Assert.Equal(64 * 64, prepared.Values.Length);
    }

    [Fact]
    public void PixelsWithoutASideRefusesAHugeImageFromItsHeaderBeforeDecodingIt()
    {
        var dir = Directory.CreateTempSubdirectory("augbuild-mem-").FullName;
        try
        {
            // A header declaring 9,950 x 9,950 with no pixel data: decoding it would fail as truncated (after
            // allocating 396 MB); refused from the header, it fails as too large.
            var path = Path.Combine(dir, "big.png");
            File.WriteAllBytes(path, ImageFiles.PngBomb(9950, 9950));
            using var featurizer = new PixelsFeaturizer();

            var result = FeatureExtractor.Run([new FileImageSource(path)], featurizer, null, NullReporter.Instance);

            var failure = Assert.Single(result.Failures);
            Assert.StartsWith(ImagingErrors.ImageTooLarge + ":", failure.Reason, StringComparison.Ordinal);
            Assert.Contains("pixels:64", failure.Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
