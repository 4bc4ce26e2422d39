using SkiaSharp;

namespace AugBuild.Testing;

/// <summary>Small synthetic PNGs written by SkiaSharp, and datasets of them in class folders.</summary>
public static class SyntheticImages
{
    /// <summary>
    /// Class folders <c>dark</c> (grey level 60) and <c>light</c> (190), <paramref name="perClass"/> noisy Gray8 PNGs each
    /// (<c>dark/dark_000.png</c>, ...), drawn from one generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static void WriteDarkLight(string root, int perClass, int side = 12, int seed = 1, int noise = 90)
    {
        var rng = new Random(seed);
        foreach (var (name, level) in new[] { ("dark", 60), ("light", 190) })
        {
            for (var i = 0; i < perClass; i++)
            {
                Write(Path.Combine(root, name, $"{name}_{i:000}.png"), NoisyGray(side, level, rng, noise));
            }
        }
    }

    /// <summary>A Gray8 PNG whose every pixel is <paramref name="level"/> plus uniform noise in [-noise, noise], clamped.</summary>
    public static byte[] NoisyGray(int side, int level, Random rng, int noise = 60)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var v = Noisy(level, rng, noise);
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        }

        return Bitmaps.Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>An opaque RGBA PNG whose every channel is <paramref name="color"/>'s plus noise in [-noise, noise], clamped.</summary>
    public static byte[] NoisyColor(int side, SKColor color, Random rng, int noise = 60)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                bitmap.SetPixel(x, y, new SKColor(Noisy(color.Red, rng, noise), Noisy(color.Green, rng, noise), Noisy(color.Blue, rng, noise)));
            }
        }

        return Bitmaps.Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>A Gray8 PNG of one grey level.</summary>
    public static byte[] SolidGray(int side, byte level)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(level, level, level));
        return Bitmaps.Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, creating its folder.</summary>
    public static string Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte Noisy(int level, Random rng, int noise) => (byte)Math.Clamp(level + rng.Next(-noise, noise + 1), 0, 255);
}
