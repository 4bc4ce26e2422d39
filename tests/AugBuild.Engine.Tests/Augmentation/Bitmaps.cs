using SkiaSharp;

namespace AugBuild.Engine.Tests.Augmentation;

/// <summary>Builds bitmaps from plain arrays and reads them back, for pixel-exact assertions.</summary>
internal static class Bitmaps
{
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

    public static SKBitmap Rgba(int w, int h, Func<int, int, int, byte> value)
    {
        var bmp = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
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
