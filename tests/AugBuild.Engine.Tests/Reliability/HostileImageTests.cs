using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>Odd but valid formats decode; bombs and huge images never allocate their declared size.</summary>
public sealed class HostileImageTests
{
    [Fact]
    public void APngDeclaringTwentyThousandSquaredPixelsIsRefusedBeforeAnyPixelBufferExists()
    {
        var bomb = ImageFiles.PngBomb(20_000, 20_000);
        Assert.True(bomb.Length < 200, $"the bomb is {bomb.Length} bytes");

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<AugBuildException>(() => ImageDecoder.Decode(bomb, "bomb.png"));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(ImagingErrors.ImageTooLarge, e.Code);
        Assert.Contains("20000x20000", e.Message);
        Assert.Contains(ImageDecoder.MaxPixelsVariable, e.Message);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void AnImageAboveTheLimitInAScalableFormatIsDecodedDownscaled()
    {
        using var src = Bitmaps.Shapes(256, 3);
        var jpeg = Bitmaps.Encode(src, SKEncodedImageFormat.Jpeg, 90);
        var png = Bitmaps.Encode(src, SKEncodedImageFormat.Png);

        using var small = ImageDecoder.Decode(jpeg, "big.jpg", maxPixels: 100 * 100);
        Assert.InRange((long)small.Width * small.Height, 1, 100 * 100);
        Assert.Equal(small.Width, small.Height);

        using var full = ImageDecoder.Decode(jpeg, "big.jpg", maxPixels: 256 * 256);
        Assert.Equal((256, 256), (full.Width, full.Height));

        var e = Assert.Throws<AugBuildException>(() => ImageDecoder.Decode(png, "big.png", maxPixels: 100 * 100));
        Assert.Equal(ImagingErrors.ImageTooLarge, e.Code);
    }

    [Fact]
    public void AHugeTruncatedJpegIsDecodedDownscaledWithinTheLimitOrRefusedWithACode()
    {
        // Declares 8000x8000 (256 MB as RGBA) with one MCU of data: decoded at 1/8 scale, the missing rows filled.
        using var small = ImageDecoder.Decode(ImageFiles.CmykJpeg(8_000, 8_000), "huge.jpg", maxPixels: 2_000_000);
        Assert.Equal((1000, 1000), (small.Width, small.Height));

        // 20000x20000 even at 1/8 exceeds this limit: refused before any decoding.
        var e = Assert.Throws<AugBuildException>(() => ImageDecoder.Decode(ImageFiles.CmykJpeg(20_000, 20_000), "huge.jpg", maxPixels: 1_000_000));
        Assert.Equal(ImagingErrors.ImageTooLarge, e.Code);
    }

    [Fact]
    public void OddFormatsDecode()
    {
        using (var cmyk = ImageDecoder.Decode(ImageFiles.CmykJpeg(16, 8), "cmyk.jpg"))
            Assert.Equal((16, 8), (cmyk.Width, cmyk.Height));

        using (var palette = ImageDecoder.Decode(ImageFiles.PalettePng(), "palette.png"))
        {
            Assert.Equal(SKColors.Red, palette.GetPixel(0, 0));
            Assert.Equal(SKColors.Blue, palette.GetPixel(1, 0));
        }

        using (var gray16 = ImageDecoder.Decode(ImageFiles.Png16BitGray(), "gray16.png"))
            Assert.Equal(SKColorType.Gray8, gray16.ColorType);

        using (var gif = ImageDecoder.Decode(ImageFiles.AnimatedGif(), "anim.gif"))
            Assert.Equal(SKColors.White, gif.GetPixel(1, 0));

        using var wide = Bitmaps.Colors(16, 8, (x, _) => x < 8 ? SKColors.Red : SKColors.Blue);
        using (var rotated = ImageDecoder.Decode(ImageFiles.ExifJpeg(wide, 6), "exif.jpg"))
            Assert.Equal((8, 16), (rotated.Width, rotated.Height));
    }
}
