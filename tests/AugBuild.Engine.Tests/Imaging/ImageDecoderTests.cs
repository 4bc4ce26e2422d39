using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Imaging;

public sealed class ImageDecoderTests
{
    private static SKColor Rgb(SKBitmap b, int x, int y) => b.GetPixel(x, y);

    [Fact]
    public void Png8BitGrayDecodesToGray8WithExactValues()
    {
        var png = TestImageFiles.Png(3, 2, colorType: 0, bitDepth: 8, [0, 17, 255, 128, 64, 3]);

        using var bmp = ImageDecoder.Decode(png, "g.png");

        Assert.Equal(SKColorType.Gray8, bmp.ColorType);
        Assert.Equal(1, PixelExtractor.NativeChannels(bmp));
        Assert.Equal([0, 17, 255, 128, 64, 3], bmp.GetPixelSpan().ToArray().Select(b => (int)b));
    }

    [Fact]
    public void Png16BitGrayKeepsTheHighByte()
    {
        // v * 257 maps exactly to v under any correct 16 -> 8 bit reduction.
        var png = TestImageFiles.Png(2, 2, colorType: 0, bitDepth: 16, [0, 10 * 257, 200 * 257, 65535]);

        using var bmp = ImageDecoder.Decode(png, "g16.png");

        Assert.Equal(SKColorType.Gray8, bmp.ColorType);
        Assert.Equal([0, 10, 200, 255], bmp.GetPixelSpan().ToArray().Select(b => (int)b));
    }

    [Fact]
    public void Png16BitRgbDecodesToRgba()
    {
        var png = TestImageFiles.Png(2, 1, colorType: 2, bitDepth: 16, [255 * 257, 0, 30 * 257, 7 * 257, 99 * 257, 65535]);

        using var bmp = ImageDecoder.Decode(png, "rgb16.png");

        Assert.Equal(SKColorType.Rgba8888, bmp.ColorType);
        Assert.Equal(new SKColor(255, 0, 30), Rgb(bmp, 0, 0));
        Assert.Equal(new SKColor(7, 99, 255), Rgb(bmp, 1, 0));
    }

    [Fact]
    public void PngRgbaIsPremultipliedSoTransparencyCompositesOverBlack()
    {
        var png = TestImageFiles.Png(2, 1, colorType: 6, bitDepth: 8, [200, 100, 50, 255, 200, 100, 50, 0]);

        using var bmp = ImageDecoder.Decode(png, "a.png");

        Assert.Equal(SKAlphaType.Premul, bmp.AlphaType);
        var px = bmp.GetPixelSpan().ToArray();
        Assert.Equal([200, 100, 50, 255, 0, 0, 0, 0], px.Select(b => (int)b));
    }

    [Fact]
    public void BmpDecodesExactly()
    {
        byte[] rgb = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180];
        var bmpFile = TestImageFiles.Bmp(3, 2, rgb);

        using var bmp = ImageDecoder.Decode(bmpFile, "x.bmp");

        for (var i = 0; i < 6; i++)
            Assert.Equal(new SKColor(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]), Rgb(bmp, i % 3, i / 3));
    }

    [Fact]
    public void GifGivesTheFirstFrame()
    {
        byte[][] palette = [[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]];
        var gif = TestImageFiles.Gif(2, 2, palette, [1, 2, 3, 0], [3, 3, 3, 3]);

        using var bmp = ImageDecoder.Decode(gif, "anim.gif");

        Assert.Equal(new SKColor(255, 0, 0), Rgb(bmp, 0, 0));
        Assert.Equal(new SKColor(0, 255, 0), Rgb(bmp, 1, 0));
        Assert.Equal(new SKColor(0, 0, 255), Rgb(bmp, 0, 1));
        Assert.Equal(new SKColor(0, 0, 0), Rgb(bmp, 1, 1));
    }

    [Fact]
    public void LosslessWebPAndPngRoundTripExactlyAndJpegClosely()
    {
        using var src = TestImageFiles.Bitmap(8, 8, (x, y) => new SKColor((byte)(x * 30), (byte)(y * 30), 128));
        using var pixmap = src.PeekPixels();
        using var webpData = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100));

        Assert.NotNull(webpData);
        using var webp = ImageDecoder.Decode(webpData.ToArray(), "x.webp");
        using var png = ImageDecoder.Decode(TestImageFiles.Encode(src, SKEncodedImageFormat.Png), "x.png");
        using var flat = TestImageFiles.Bitmap(16, 16, (_, _) => new SKColor(90, 160, 30));
        using var jpeg = ImageDecoder.Decode(TestImageFiles.Encode(flat, SKEncodedImageFormat.Jpeg, 100), "x.jpg");

        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                Assert.Equal(src.GetPixel(x, y), Rgb(webp, x, y));
                Assert.Equal(src.GetPixel(x, y), Rgb(png, x, y));
            }
        }

        var c = Rgb(jpeg, 7, 7);
        Assert.InRange(c.Red, 87, 93);
        Assert.InRange(c.Green, 157, 163);
        Assert.InRange(c.Blue, 27, 33);
    }

    [Theory]
    [InlineData(1, 16, 8, "red", "blue", false)]
    [InlineData(3, 16, 8, "blue", "red", false)]
    [InlineData(6, 8, 16, "red", "blue", true)]
    [InlineData(8, 8, 16, "blue", "red", true)]
    public void JpegExifOrientationIsApplied(int orientation, int width, int height, string first, string second, bool vertical)
    {
        // Stored: 16x8, left half red, right half blue. 6 = rotate 90 clockwise, 8 = counter-clockwise, 3 = 180.
        using var src = TestImageFiles.Bitmap(16, 8, (x, _) => x < 8 ? SKColors.Red : SKColors.Blue);
        var jpeg = WithExifOrientation(TestImageFiles.Encode(src, SKEncodedImageFormat.Jpeg), orientation);

        using var bmp = ImageDecoder.Decode(jpeg, "photo.jpg");

        Assert.Equal((width, height), (bmp.Width, bmp.Height));
        var a = vertical ? bmp.GetPixel(4, 3) : bmp.GetPixel(3, 4);
        var b = vertical ? bmp.GetPixel(4, 12) : bmp.GetPixel(12, 4);
        Assert.Equal(first, a.Red > 200 && a.Blue < 60 ? "red" : a.Blue > 200 && a.Red < 60 ? "blue" : a.ToString());
        Assert.Equal(second, b.Red > 200 && b.Blue < 60 ? "red" : b.Blue > 200 && b.Red < 60 ? "blue" : b.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    public void ReadSizeMatchesTheDecodedSizeWithoutDecoding(int orientation)
    {
        using var src = TestImageFiles.Bitmap(16, 8, (x, _) => x < 8 ? SKColors.Red : SKColors.Blue);
        var path = Path.Combine(Path.GetTempPath(), $"augbuild-size-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, WithExifOrientation(TestImageFiles.Encode(src, SKEncodedImageFormat.Jpeg), orientation));
        try
        {
            using var decoded = ImageDecoder.DecodeFile(path);

            Assert.Equal(new SKSizeI(decoded.Width, decoded.Height), ImageDecoder.ReadSize(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadSizeAppliesThePixelLimitLikeDecoding()
    {
        using var src = TestImageFiles.Shapes(256, 3);
        var path = Path.Combine(Path.GetTempPath(), $"augbuild-size-{Guid.NewGuid():N}.jpg");
        var jpeg = TestImageFiles.Encode(src, SKEncodedImageFormat.Jpeg);
        File.WriteAllBytes(path, jpeg);
        try
        {
            using var small = ImageDecoder.Decode(jpeg, path, maxPixels: 100 * 100);

            var size = ImageDecoder.ReadSize(path, maxPixels: 100 * 100);

            Assert.Equal(new SKSizeI(small.Width, small.Height), size);
            Assert.True(size.Width < 256);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadSizeOfANonImageIsTheDecodersCodedError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"augbuild-size-{Guid.NewGuid():N}.png");
        File.WriteAllText(path, "not an image");
        try
        {
            var e = Assert.Throws<AugBuildException>(() => ImageDecoder.ReadSize(path));

            Assert.Equal(ImagingErrors.Undecodable, e.Code);
            Assert.Equal(path, e.File);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Inserts an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) after the JPEG's SOI marker.</summary>
    internal static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] app1 =
        [
            0xFF, 0xE1, 0x00, 34, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0, 0, 0, 8,
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0,
            0, 0, 0, 0,
        ];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("empty")]
    public void UndecodableInputThrowsACodedErrorNamingTheFile(string kind)
    {
        using var src = TestImageFiles.Shapes(32, 1);
        var png = TestImageFiles.Encode(src, SKEncodedImageFormat.Png);
        var bytes = kind switch
        {
            "garbage" => [.. Enumerable.Range(0, 100).Select(i => (byte)(i * 7))],
            "truncated" => png[..(png.Length / 2)],
            _ => Array.Empty<byte>(),
        };

        var e = Assert.Throws<AugBuildException>(() => ImageDecoder.Decode(bytes, "dir/bad.png"));

        Assert.Equal(ImagingErrors.Undecodable, e.Code);
        Assert.Equal("dir/bad.png", e.File);
        Assert.Contains("dir/bad.png", e.Message);
    }

    [Fact]
    public void MissingFileIsAnUnreadableError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"augbuild-missing-{Guid.NewGuid():N}.png");

        var e = Assert.Throws<AugBuildException>(() => ImageDecoder.DecodeFile(path));

        Assert.Equal(ImagingErrors.Unreadable, e.Code);
        Assert.Contains(path, e.Message);
    }
}
