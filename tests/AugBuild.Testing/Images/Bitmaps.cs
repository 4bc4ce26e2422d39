using SkiaSharp;

namespace AugBuild.Testing;

/// <summary>In-memory bitmaps built from plain values, their bytes read back for pixel-exact assertions, and encoding.</summary>
public static class Bitmaps
{
    /// <summary>A Gray8 bitmap whose pixel (x, y) is <paramref name="value"/>(x, y); called row by row.</summary>
    public static SKBitmap Gray(int w, int h, Func<int, int, byte> value)
    {
        var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
                SetByte(bmp, x, y, 0, value(x, y));
        }

        return bmp;
    }

    /// <summary>A Gray8 bitmap from row-major values.</summary>
    public static SKBitmap Gray(int w, int h, params byte[] values) => Gray(w, h, (x, y) => values[y * w + x]);

    /// <summary>An Rgba8888 bitmap whose channel c of pixel (x, y) is <paramref name="value"/>(x, y, c); called row by row, channel by channel.</summary>
    public static SKBitmap Rgba(int w, int h, Func<int, int, int, byte> value, SKAlphaType alpha = SKAlphaType.Unpremul)
    {
        var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, alpha));
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                for (int c = 0; c < 4; c++)
                    SetByte(bmp, x, y, c, value(x, y, c));
            }
        }

        return bmp;
    }

    /// <summary>A premultiplied Rgba8888 bitmap whose pixel (x, y) is <paramref name="color"/>(x, y), set through SkiaSharp.</summary>
    public static SKBitmap Colors(int width, int height, Func<int, int, SKColor> color)
    {
        var bmp = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                bmp.SetPixel(x, y, color(x, y));
        }

        return bmp;
    }

    /// <summary>A premultiplied Rgba8888 bitmap of one grey level.</summary>
    public static SKBitmap Solid(int w, int h, byte v)
    {
        var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        bmp.Erase(new SKColor(v, v, v));
        return bmp;
    }

    /// <summary>A picture with a few shapes, deterministic in <paramref name="seed"/>.</summary>
    public static SKBitmap Shapes(int size, int seed)
    {
        var rng = new Random(seed);
        var bmp = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bmp);
        canvas.Clear(new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 4; i++)
        {
            paint.Color = new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
            float x = rng.Next(size), y = rng.Next(size), r = 2 + rng.Next(size / 3);
            if (i % 2 == 0)
                canvas.DrawCircle(x, y, r, paint);
            else
                canvas.DrawRect(x - r, y - r / 2, 2 * r, r, paint);
        }

        canvas.Flush();
        return bmp;
    }

    /// <summary>The file bytes of <paramref name="bitmap"/> encoded by SkiaSharp.</summary>
    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 100)
    {
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[,] Channel(SKBitmap bmp, int c)
    {
        var result = new byte[bmp.Width, bmp.Height];
        for (int y = 0; y < bmp.Height; y++)
        {
            for (int x = 0; x < bmp.Width; x++)
                result[x, y] = GetByte(bmp, x, y, c);
        }

        return result;
    }

    public static unsafe byte GetByte(SKBitmap bmp, int x, int y, int c) =>
        ((byte*)bmp.GetPixels())[y * bmp.RowBytes + x * bmp.BytesPerPixel + c];

    private static unsafe void SetByte(SKBitmap bmp, int x, int y, int c, byte v) =>
        ((byte*)bmp.GetPixels())[y * bmp.RowBytes + x * bmp.BytesPerPixel + c] = v;
}
