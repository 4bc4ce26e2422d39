using System.Diagnostics;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>Seeded, time-bounded fuzzing of the decoder: any input gives a bitmap or a coded error, nothing else.</summary>
public sealed class DecoderFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    [Fact]
    public void MutatedImagesDecodeOrFailWithACode()
    {
        using var shapes = Bitmaps.Shapes(24, 4);
        var seeds = new (string Name, byte[] Bytes)[]
        {
            ("a.png", Bitmaps.Encode(shapes, SKEncodedImageFormat.Png)),
            ("a.jpg", Bitmaps.Encode(shapes, SKEncodedImageFormat.Jpeg, 80)),
            ("a.webp", Bitmaps.Encode(shapes, SKEncodedImageFormat.Webp, 80)),
            ("lossless.webp", Bitmaps.Encode(shapes, SKEncodedImageFormat.Webp, 100)),
            ("a.bmp", ImageFiles.Bmp(4, 3, [.. Enumerable.Range(0, 36).Select(i => (byte)(i * 7))])),
            ("a.gif", ImageFiles.AnimatedGif()),
            ("gray16.png", ImageFiles.Png16BitGray()),
            ("palette.png", ImageFiles.PalettePng()),
            ("cmyk.jpg", ImageFiles.CmykJpeg(16, 16)),
            ("exif.jpg", ImageFiles.ExifJpeg(shapes, 6)),
        };
        // A fixed seed keeps CI reproducible; AUGBUILD_FUZZ_SEED explores other inputs locally.
        var rng = new Random(int.TryParse(Environment.GetEnvironmentVariable("AUGBUILD_FUZZ_SEED"), out var s) ? s : 20261125);
        var clock = Stopwatch.StartNew();
        int iterations = 0, decoded = 0;
        var codes = new HashSet<string>();
        while (clock.Elapsed < Budget)
        {
            var (name, seed) = seeds[iterations % seeds.Length];
            var input = Mutator.Mutate(seed, rng);
            try
            {
                // A small limit keeps mutated headers (huge sizes) from turning the test itself into a memory hog.
                using var bitmap = ImageDecoder.Decode(input, name, maxPixels: 1 << 20);
                Assert.True(bitmap.Width > 0 && bitmap.Height > 0);
                decoded++;
            }
            catch (AugBuildException e)
            {
                codes.Add(e.Code);
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {iterations} ({name}, {input.Length} bytes): {e.GetType().Name}: {e.Message}\n{Convert.ToBase64String(input)}");
            }

            iterations++;
        }

        Assert.True(iterations > 200, $"only {iterations} iterations");
        Assert.True(decoded > 0 && codes.Count > 0, $"decoded {decoded}, codes {string.Join(",", codes)}");
        Assert.Subset(new HashSet<string> { ImagingErrors.Undecodable, ImagingErrors.ImageTooLarge }, codes);
    }
}
