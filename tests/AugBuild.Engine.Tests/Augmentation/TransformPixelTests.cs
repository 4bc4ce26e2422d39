using AugBuild.Engine.Augmentation;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Augmentation;

/// <summary>Transforms against independent pixel arithmetic on synthetic images.</summary>
public class TransformPixelTests
{
    private static byte Pattern(int x, int y) => (byte)((x * 37 + y * 91 + x * y * 13) % 251);

    [Fact]
    public void Integer_translate_moves_the_pattern_exactly_with_edge_replication()
    {
        const int w = 9, h = 7;
        using var src = Bitmaps.Gray(w, h, Pattern);
        foreach (var copy in TransformSet.Parse("translate:2").Expand(w, h))
        {
            using var dst = copy.Apply(src);
            var json = System.Text.Json.JsonDocument.Parse(copy.ParamsJson).RootElement;
            int dx = json.GetProperty("dx").GetInt32(), dy = json.GetProperty("dy").GetInt32();
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                    Assert.Equal(Pattern(Math.Clamp(x - dx, 0, w - 1), Math.Clamp(y - dy, 0, h - 1)), Bitmaps.GetByte(dst, x, y, 0));
            }
        }
    }

    [Theory]
    [InlineData(90.0)]
    [InlineData(30.0)]
    [InlineData(-25.714285714285715)]
    [InlineData(-30.0)]
    public void Rotation_maps_a_bright_dot_to_the_rotated_coordinate(double degrees)
    {
        const int size = 33, c = 16, r = 10;
        using var src = Bitmaps.Gray(size, size, (x, y) => x == c + r && y == c ? (byte)255 : (byte)0);
        using var dst = TransformSet.Parse($"rotate:{degrees.ToString(System.Globalization.CultureInfo.InvariantCulture)}").Expand(size, size)[0].Apply(src);
        // Counter-clockwise as displayed (y points down): (r, 0) goes to (r cos a, -r sin a).
        double a = degrees * Math.PI / 180, ex = c + r * Math.Cos(a), ey = c - r * Math.Sin(a);
        var (bx, by) = Brightest(dst);
        Assert.True(Math.Abs(bx - ex) <= 1 && Math.Abs(by - ey) <= 1, $"dot at ({bx},{by}), expected ({ex:F2},{ey:F2})");
        if (degrees == 90.0) Assert.Equal(255, Bitmaps.GetByte(dst, c, c - r, 0));
    }

    [Fact]
    public void Rotation_replicates_edges_instead_of_filling_black()
    {
        using var src = Bitmaps.Gray(20, 14, (_, _) => 200);
        foreach (var copy in TransformSet.Parse("rotate").Expand(20, 14))
        {
            using var dst = copy.Apply(src);
            Assert.All(Flatten(Bitmaps.Channel(dst, 0)), v => Assert.Equal(200, v));
        }
    }

    [Fact]
    public void Crop_and_resize_of_a_checkerboard_matches_a_reference_bilinear_resize()
    {
        const int w = 32, h = 24;
        static byte Checker(int x, int y) => ((x / 3 + y / 3) % 2 == 0) ? (byte)230 : (byte)20;
        using var src = Bitmaps.Gray(w, h, Checker);
        foreach (int m in new[] { 1, 3, 6 })
        {
            using var dst = TransformSet.Parse($"crop:{m}").Expand(w, h)[0].Apply(src);
            // Reference: cut the crop out as its own image, then a textbook half-pixel bilinear resize of it.
            int cw = w - 2 * m, ch = h - 2 * m;
            var crop = new double[cw, ch];
            for (int y = 0; y < ch; y++) for (int x = 0; x < cw; x++) crop[x, y] = Checker(x + m, y + m);
            int maxDiff = 0;
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double sx = Math.Clamp((x + 0.5) * cw / w - 0.5, 0, cw - 1), sy = Math.Clamp((y + 0.5) * ch / h - 0.5, 0, ch - 1);
                    int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy), x1 = Math.Min(x0 + 1, cw - 1), y1 = Math.Min(y0 + 1, ch - 1);
                    double fx = sx - x0, fy = sy - y0;
                    double v = (1 - fx) * (1 - fy) * crop[x0, y0] + fx * (1 - fy) * crop[x1, y0] + (1 - fx) * fy * crop[x0, y1] + fx * fy * crop[x1, y1];
                    maxDiff = Math.Max(maxDiff, Math.Abs((int)Math.Round(v, MidpointRounding.AwayFromZero) - Bitmaps.GetByte(dst, x, y, 0)));
                }
            }

            // Same formula, different floating-point order: at most a rounding step apart.
            Assert.True(maxDiff <= 1, $"crop {m}: max difference {maxDiff}");
        }
    }

    [Fact]
    public void Flips_are_exact_and_keep_rgba_channels()
    {
        const int w = 5, h = 4;
        static byte Value(int x, int y, int c) => (byte)(x * 50 + y * 7 + c * 3);
        using var src = Bitmaps.Rgba(w, h, Value);
        var copies = TransformSet.Parse("flip-h,flip-v").Expand(w, h);
        using var fh = copies[0].Apply(src);
        using var fv = copies[1].Apply(src);
        Assert.Equal(SKColorType.Rgba8888, fh.ColorType);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                for (int c = 0; c < 4; c++)
                {
                    Assert.Equal(Value(w - 1 - x, y, c), Bitmaps.GetByte(fh, x, y, c));
                    Assert.Equal(Value(x, h - 1 - y, c), Bitmaps.GetByte(fv, x, y, c));
                }
            }
        }
    }

    [Fact]
    public void Gray8_stays_gray8_for_every_transform()
    {
        using var src = Bitmaps.Gray(28, 28, Pattern);
        foreach (var copy in TransformSet.Parse("translate,rotate,crop,flip-h,flip-v").Expand(28, 28))
        {
            using var dst = copy.Apply(src);
            Assert.Equal(SKColorType.Gray8, dst.ColorType);
            Assert.Equal((28, 28), (dst.Width, dst.Height));
        }
    }

    [Fact]
    public void Rgba_channels_are_interpolated_independently_like_gray()
    {
        const int w = 17, h = 13;
        using var rgba = Bitmaps.Rgba(w, h, (x, y, c) => (byte)((Pattern(x, y) + 60 * c) % 256));
        foreach (var copy in TransformSet.Parse("rotate:17,crop:2").Expand(w, h))
        {
            using var dst = copy.Apply(rgba);
            for (int c = 0; c < 4; c++)
            {
                int ch = c;
                using var gray = Bitmaps.Gray(w, h, (x, y) => (byte)((Pattern(x, y) + 60 * ch) % 256));
                using var gdst = copy.Apply(gray);
                Assert.Equal(Bitmaps.Channel(gdst, 0), Bitmaps.Channel(dst, c));
            }
        }
    }

    [Fact]
    public void Apply_rejects_a_bitmap_of_another_size()
    {
        using var src = Bitmaps.Gray(10, 10, Pattern);
        var copy = TransformSet.Parse("flip-h").Expand(12, 10)[0];
        Assert.Throws<ArgumentException>(() => copy.Apply(src));
    }

    private static (int X, int Y) Brightest(SKBitmap bmp)
    {
        var best = (0, 0);
        int max = -1;
        for (int y = 0; y < bmp.Height; y++)
        {
            for (int x = 0; x < bmp.Width; x++)
                if (Bitmaps.GetByte(bmp, x, y, 0) > max) { max = Bitmaps.GetByte(bmp, x, y, 0); best = (x, y); }
        }

        return best;
    }

    private static IEnumerable<byte> Flatten(byte[,] a) => a.Cast<byte>();
}

public class PixelFormatTests
{
    [Fact]
    public void Half_float_bitmaps_are_converted_to_rgba8888_with_their_colour()
    {
        using var src = new SKBitmap(new SKImageInfo(6, 4, SKColorType.RgbaF16, SKAlphaType.Premul));
        src.Erase(new SKColor(200, 100, 50, 255));
        using var dst = TransformSet.Parse("flip-h").Expand(6, 4)[0].Apply(src);
        Assert.Equal(SKColorType.Rgba8888, dst.ColorType);
        for (int x = 0; x < 6; x++)
            Assert.Equal([200, 100, 50, 255], Enumerable.Range(0, 4).Select(c => (int)Bitmaps.GetByte(dst, x, 2, c)));
    }

    [Fact]
    public void Gray8_survives_png_encoding()
    {
        using var src = Bitmaps.Gray(9, 9, (x, y) => (byte)(x * 20 + y));
        using var rotated = TransformSet.Parse("rotate:12").Expand(9, 9)[0].Apply(src);
        using var data = rotated.Encode(SKEncodedImageFormat.Png, 100);
        using var back = SKBitmap.Decode(data.ToArray());
        Assert.Equal(SKColorType.Gray8, back.ColorType);
        Assert.Equal(Bitmaps.Channel(rotated, 0), Bitmaps.Channel(back, 0));
    }
}
