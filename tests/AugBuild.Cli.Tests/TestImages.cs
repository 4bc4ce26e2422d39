using SkiaSharp;

namespace AugBuild.Cli.Tests;

/// <summary>Writes small synthetic class folders: class 'dark' images are mostly dark, 'light' mostly light, with noise.</summary>
internal static class TestImages
{
    public static void WriteDataset(string root, int perClass, int side = 12, int seed = 1)
    {
        var rng = new Random(seed);
        foreach (var (name, level) in new[] { ("dark", 60), ("light", 190) })
        {
            for (var i = 0; i < perClass; i++)
            {
                Write(Path.Combine(root, name, $"{name}_{i:000}.png"), side, level, rng);
            }
        }
    }

    public static void Write(string path, int side, int level, Random rng)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var v = Math.Clamp(level + rng.Next(-90, 91), 0, 255);
                bitmap.SetPixel(x, y, new SKColor((byte)v, (byte)v, (byte)v));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
