using SkiaSharp;

namespace AugBuild.FeaturizeBench;

/// <summary>Writes deterministic PNGs with a few drawn shapes (RGB, side x side).</summary>
internal static class SyntheticImages
{
    public static string[] Write(string folder, int count, int side)
    {
        Directory.CreateDirectory(folder);
        var paths = new string[count];
        Parallel.For(0, count, i =>
        {
            var path = Path.Combine(folder, $"img{i:D5}.png");
            paths[i] = path;
            if (File.Exists(path))
                return;
            using var bmp = Draw(side, i);
            using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        });
        return paths;
    }

    private static SKBitmap Draw(int side, int seed)
    {
        var rng = new Random(seed);
        var bmp = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bmp);
        canvas.Clear(new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
        using var paint = new SKPaint { IsAntialias = true };
        for (var s = 0; s < 5; s++)
        {
            paint.Color = new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
            float x = rng.Next(side), y = rng.Next(side), r = 2 + rng.Next(side / 3);
            if (s % 2 == 0)
                canvas.DrawCircle(x, y, r, paint);
            else
                canvas.DrawRect(x - r, y - r / 2, 2 * r, r, paint);
        }

        return bmp;
    }
}
