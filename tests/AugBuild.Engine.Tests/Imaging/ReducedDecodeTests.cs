using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;
using AugBuild.Engine.Settings;
using SkiaSharp;
using Xunit.Abstractions;

namespace AugBuild.Engine.Tests.Imaging;

/// <summary>
/// Featurizing decodes a large JPEG or WebP downscaled (never below twice the featurizer's input), and what the
/// featurizer sees then stays close to what a full decode gives: the bounds are justified in docs/reliability.md.
/// </summary>
public sealed class ReducedDecodeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-reduced-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly SKSizeI Input = new(224, 224);

    /// <summary>A photo-like picture: smooth colour fields, sharp-edged shapes, sensor-like noise and a fine grating.</summary>
    internal static SKBitmap Photo(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var bmp = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var pixels = bmp.GetPixelSpan();
        double fx = rng.NextDouble() * 2 + 1, fy = rng.NextDouble() * 2 + 1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double u = (double)x / width, v = (double)y / height;
                var grating = x > width * 3 / 4 && y < height / 3 ? 40 * ((x / 3) % 2 == 0 ? 1 : -1) : 0; // a 6-pixel period
                var o = (y * width + x) * 4;
                pixels[o] = Clamp(128 + 90 * Math.Sin(6 * u * fx) + grating + rng.Next(-12, 13));
                pixels[o + 1] = Clamp(128 + 90 * Math.Cos(5 * v * fy) + grating + rng.Next(-12, 13));
                pixels[o + 2] = Clamp(128 + 90 * Math.Sin(4 * (u + v)) + rng.Next(-12, 13));
                pixels[o + 3] = 255;
            }
        }

        using var canvas = new SKCanvas(bmp);
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 30; i++)
        {
            paint.Color = new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
            float x = rng.Next(width), y = rng.Next(height), r = 20 + rng.Next(Math.Min(width, height) / 6);
            if (i % 2 == 0)
                canvas.DrawCircle(x, y, r, paint);
            else
                canvas.DrawRect(x - r, y - r / 3, 2 * r, r / 1.5f, paint);
        }

        canvas.Flush();
        return bmp;

        static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
    }

    private string Write(string name, SKBitmap bitmap, SKEncodedImageFormat format, int quality = 90)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, Bitmaps.Encode(bitmap, format, quality));
        return path;
    }

    private static float[] Planar(SKBitmap bitmap)
    {
        var values = new float[3 * Input.Width * Input.Height];
        PixelExtractor.ToPlanar(bitmap, 3, Input.Width, Input.Height, values);
        return values;
    }

    [Fact]
    public void A_large_jpeg_is_decoded_at_the_smallest_k_over_8_scale_still_three_times_the_input()
    {
        using var photo = Photo(4000, 3000, seed: 1);
        var jpeg = Write("big.jpg", photo, SKEncodedImageFormat.Jpeg);

        var plan = ImageDecoder.ReadPlan(jpeg, Input);
        using var decoded = ImageDecoder.DecodeFile(jpeg, Input);

        // 1/8 would give 500 x 375, below 672 = 3 x 224 in height; 2/8 gives 1000 x 750.
        Assert.Equal(new SKSizeI(4000, 3000), plan.Full);
        Assert.Equal(new SKSizeI(1000, 750), plan.Decoded);
        Assert.Equal((1000, 750), (decoded.Width, decoded.Height));
        using var full = ImageDecoder.DecodeFile(jpeg);
        Assert.Equal((4000, 3000), (full.Width, full.Height)); // materialize's decode: full resolution
        Assert.Equal(plan.Full, ImageDecoder.ReadSize(jpeg));
    }

    [Fact]
    public void A_png_and_a_jpeg_not_three_times_the_input_decode_at_full_size()
    {
        using var photo = Photo(1200, 900, seed: 2);
        var png = Write("big.png", photo, SKEncodedImageFormat.Png);
        using var small = Photo(600, 400, seed: 3);
        var smallJpeg = Write("small.jpg", small, SKEncodedImageFormat.Jpeg);

        Assert.False(ImageDecoder.ReadPlan(png, Input).Reduced);
        Assert.False(ImageDecoder.ReadPlan(smallJpeg, Input).Reduced); // 400 < 672: no k/8 keeps three times the input
        using var decoded = ImageDecoder.DecodeFile(png, Input);
        Assert.Equal((1200, 900), (decoded.Width, decoded.Height));
        Assert.Equal(new FileImageSource(png, resizeTo: Input).ContentKey, new FileImageSource(png, resizeTo: Input).CacheKey);
    }

    [Fact]
    public void An_exif_rotated_jpeg_keeps_three_times_the_input_on_the_axes_as_shown()
    {
        using var photo = Photo(4000, 1200, seed: 4);
        var path = Path.Combine(_dir, "rotated.jpg");
        File.WriteAllBytes(path, ImageFiles.WithExifOrientation(Bitmaps.Encode(photo, SKEncodedImageFormat.Jpeg, 90), 6));
        var wide = new SKSizeI(300, 100); // as shown the image is 1200 wide and 4000 high

        var plan = ImageDecoder.ReadPlan(path, wide);
        using var decoded = ImageDecoder.DecodeFile(path, wide);

        // Stored 4000 x 1200, the target is 100 x 300 on the stored axes, so 300 x 900 is needed: 1200 x 6/8 = 900 is the
        // first k/8 that fits, giving 3000 x 900 stored, 900 x 3000 shown. Ignoring the rotation would give 2/8.
        Assert.Equal(new SKSizeI(1200, 4000), plan.Full);
        Assert.Equal(new SKSizeI(900, 3000), plan.Decoded);
        Assert.Equal((900, 3000), (decoded.Width, decoded.Height));
    }

    /// <summary>
    /// The bound: the reduced decode moves the featurizer's 224 x 224 input by at most 3 levels of 255 anywhere and,
    /// on average, by well under what the lossy compression at quality 90 moved it from the original picture (the
    /// noise the file already carries). Measured (seed 1 / 6): JPEG 1.8 max, 0.08 mean against compression's 0.24;
    /// WebP 2.7 max, 0.11 mean against 0.31.
    /// </summary>
    [Theory]
    [InlineData("jpeg", 1)]
    [InlineData("jpeg", 7)]
    [InlineData("webp", 6)]
    public void A_reduced_decode_moves_the_input_less_than_the_lossy_compression_did(string format, int seed)
    {
        using var photo = Photo(4000, 3000, seed);
        var path = Write("photo." + format, photo, format == "jpeg" ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Webp);
        using var full = ImageDecoder.DecodeFile(path);
        using var reduced = ImageDecoder.DecodeFile(path, Input);
        Assert.True(reduced.Width * 4 <= full.Width, $"{format}: decoded at {reduced.Width}x{reduced.Height}, not reduced");
        Assert.True(reduced.Width >= 3 * Input.Width && reduced.Height >= 3 * Input.Height);

        var (compressionMax, compressionMean) = Difference(Planar(full), Planar(photo));
        var (max, mean) = Difference(Planar(reduced), Planar(full));

        output.WriteLine($"{format} {reduced.Width}x{reduced.Height}: max {max:0.00} mean {mean:0.000}; compression max {compressionMax:0.00} mean {compressionMean:0.000}");
        Assert.True(max <= 3, $"max difference {max} levels");
        Assert.True(mean <= compressionMean * 2 / 3, $"mean difference {mean} against compression's {compressionMean}");
    }

    [Fact]
    public void Resnet18_features_of_a_reduced_decode_stay_closer_to_the_full_decode_than_compression_moved_them()
    {
        using var photo = Photo(4000, 3000, seed: 2);
        var path = Write("photo.jpg", photo, SKEncodedImageFormat.Jpeg);
        var options = new FeaturizerOptions { Settings = FeaturizationSettings.Default with { Device = "cpu", BatchSize = 4 }, ModelCacheDirectory = Path.Combine(_dir, "models") };
        using var resnet = FeaturizerFactory.Create("resnet18", options, NullReporter.Instance);
        Assert.Equal(Input, resnet.InputSize);
        IImageSource[] sources =
        [
            new BitmapImageSource("original", "original", () => photo.Copy()),
            new FileImageSource(path),
            new FileImageSource(path, resizeTo: resnet.InputSize),
        ];

        var features = FeatureExtractor.Run(sources, resnet, null, NullReporter.Instance).Features;

        double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());
        var norm = Math.Sqrt(features[1]!.Sum(v => (double)v * v));
        var compression = Distance(features[1]!, features[0]!);
        var reduced = Distance(features[2]!, features[1]!);
        output.WriteLine($"|f| {norm:0.000}; compression moved it {compression:0.0000}, the reduced decode {reduced:0.0000}");
        Assert.True(reduced > 0, "the reduced decode ran"); // it decodes other pixels, so its cache key differs
        Assert.True(reduced < compression, $"reduced decode moved the features by {reduced}, compression by {compression}");
    }

    [Fact]
    public void Featurizing_a_dataset_decodes_reduced_and_caches_under_a_key_naming_the_decoded_size()
    {
        var root = Path.Combine(_dir, "data");
        foreach (var (label, seed) in new[] { ("a", 3), ("b", 4) })
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            using var photo = Photo(2400, 1800, seed);
            Write(Path.Combine(root, label, "big.jpg"), photo, SKEncodedImageFormat.Jpeg);
            using var small = Photo(64, 64, seed);
            Write(Path.Combine(root, label, "small.png"), small, SKEncodedImageFormat.Png);
        }

        var cacheDir = Path.Combine(_dir, "cache");
        var dataset = AugBuild.Engine.Data.DatasetLoader.Load(root, NullReporter.Instance);
        var settings = FeaturizationSettings.Default with { Featurizer = "pixels:224", CacheDir = cacheDir, Device = "cpu" };

        var result = DatasetFeatures.Compute(dataset, settings, failOnBadImage: true, NullReporter.Instance, CancellationToken.None);

        var cache = DatasetFeatures.OpenCache(cacheDir, NullReporter.Instance);
        for (var i = 0; i < result.Dataset.Count; i++)
        {
            var image = result.Dataset.Images[i];
            var content = ContentHash.OfFile(image.FullPath);
            Assert.Equal(content, result.ContentKeys[i]); // the content key itself is unchanged
            var jpeg = image.Path.EndsWith(".jpg", StringComparison.Ordinal);
            // 2400 x 1800: 1800 x 3/8 = 675 >= 672 = 3 x 224, so 3/8: 900 x 675.
            var key = jpeg ? content + ";decoded=900x675" : content;
            Assert.True(File.Exists(cache.EntryPath(key, result.FeaturizerIdentity)), $"{image.Path}: no cache entry under {key}");
            Assert.False(jpeg && File.Exists(cache.EntryPath(content, result.FeaturizerIdentity)), "a reduced decode must not fill the full decode's entry");
            using var bitmap = ImageDecoder.DecodeFile(image.FullPath, jpeg ? Input : null);
            var expected = Planar(bitmap).Select(v => v / 255f).ToArray();
            Assert.Equal(expected, result.Rows[i], new FloatTolerance(1e-6f));
        }
    }

    private static (double Max, double Mean) Difference(float[] a, float[] b)
    {
        var diff = a.Zip(b, (x, y) => (double)Math.Abs(x - y)).ToArray();
        return (diff.Max(), diff.Average());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
