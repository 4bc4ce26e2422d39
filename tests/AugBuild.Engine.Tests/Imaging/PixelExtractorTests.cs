using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Imaging;

public sealed class PixelExtractorTests
{
    private static float[] Extract(SKBitmap bmp, int channels, int w, int h)
    {
        var dst = new float[channels * w * h];
        PixelExtractor.ToPlanar(bmp, channels, w, h, dst);
        return dst;
    }

    [Fact]
    public void SameSizeIsTheIdentityInPlanarRgbOrder()
    {
        using var bmp = Bitmaps.Colors(2, 1, (x, _) => x == 0 ? new SKColor(1, 2, 3) : new SKColor(4, 5, 6));

        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], Extract(bmp, 3, 2, 1));
    }

    [Fact]
    public void UpscalingTwoPixelsToFourFollowsTheTriangleFilter()
    {
        // Centres at 0.25, 0.75, 1.25, 1.75 in input units: weights (1), (.75,.25), (.25,.75), (1) after dropping
        // taps outside the image.
        using var bmp = Bitmaps.Gray(2, 1, 0, 200);

        Assert.Equal([0f, 50f, 150f, 200f], Extract(bmp, 1, 4, 1));
    }

    [Fact]
    public void DownscalingFourPixelsToTwoAveragesWithAWidenedTriangle()
    {
        // Scale 2, support 2: output 0 centre 1.0 sees pixels 0,1,2 at distances .5,.5,1.5 -> weights .75,.75,.25.
        using var bmp = Bitmaps.Gray(4, 1, 10, 20, 40, 80);

        var got = Extract(bmp, 1, 2, 1);

        Assert.Equal((0.75f * 10 + 0.75f * 20 + 0.25f * 40) / 1.75f, got[0], 4);
        Assert.Equal((0.25f * 20 + 0.75f * 40 + 0.75f * 80) / 1.75f, got[1], 4);
    }

    [Theory]
    [InlineData(7, 5, 13, 3)]
    [InlineData(20, 9, 6, 14)]
    [InlineData(5, 5, 5, 11)]
    public void ResizeMatchesABruteForceTwoDimensionalFilter(int sw, int sh, int dw, int dh)
    {
        var rng = new Random(sw * 100 + dw);
        var px = new byte[sw * sh];
        rng.NextBytes(px);
        using var bmp = Bitmaps.Gray(sw, sh, px);

        var got = Extract(bmp, 1, dw, dh);

        for (var y = 0; y < dh; y++)
        {
            for (var x = 0; x < dw; x++)
                Assert.Equal(BruteForce(px, sw, sh, dw, dh, x, y), got[y * dw + x], 1e-3);
        }
    }

    private static double BruteForce(byte[] px, int sw, int sh, int dw, int dh, int x, int y)
    {
        double sx = (double)sw / dw, sy = (double)sh / dh;
        double fx = Math.Max(sx, 1), fy = Math.Max(sy, 1);
        double cx = (x + 0.5) * sx, cy = (y + 0.5) * sy;
        double num = 0, den = 0;
        for (var i = 0; i < sh; i++)
        {
            for (var j = 0; j < sw; j++)
            {
                var w = Math.Max(0, 1 - Math.Abs(j + 0.5 - cx) / fx) * Math.Max(0, 1 - Math.Abs(i + 0.5 - cy) / fy);
                num += w * px[i * sw + j];
                den += w;
            }
        }

        return num / den;
    }

    [Fact]
    public void GrayReplicatesToThreeChannelsAndColourReducesToLuma()
    {
        using var gray = Bitmaps.Gray(1, 1, 77);
        using var colour = Bitmaps.Colors(1, 1, (_, _) => new SKColor(100, 200, 50));

        Assert.Equal([77f, 77f, 77f], Extract(gray, 3, 1, 1));
        Assert.Equal(0.299f * 100 + 0.587f * 200 + 0.114f * 50, Extract(colour, 1, 1, 1)[0], 3);
    }

    [Fact]
    public void BgraAndUnpremultipliedBitmapsAreReadAsPremultipliedRgb()
    {
        using var bgra = new SKBitmap(new SKImageInfo(1, 1, SKColorType.Bgra8888, SKAlphaType.Premul));
        bgra.SetPixel(0, 0, new SKColor(10, 20, 30));
        using var unpremul = new SKBitmap(new SKImageInfo(1, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        new byte[] { 200, 100, 50, 51 }.CopyTo(unpremul.GetPixelSpan());
        using var f16 = new SKBitmap(new SKImageInfo(1, 1, SKColorType.RgbaF16, SKAlphaType.Premul));
        f16.Erase(new SKColor(40, 80, 120));

        Assert.Equal([10f, 20f, 30f], Extract(bgra, 3, 1, 1));
        Assert.Equal([40f, 20f, 10f], Extract(unpremul, 3, 1, 1));
        Assert.Equal([40f, 80f, 120f], Extract(f16, 3, 1, 1));
    }
}
