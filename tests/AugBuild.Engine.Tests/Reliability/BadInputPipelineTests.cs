using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Settings;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>Bad files among the images: skipped with one warning listing them (default) or fatal; odd formats decode.</summary>
public sealed class BadInputPipelineTests : IDisposable
{
    private static readonly string[] BadFiles = ["dark/corrupt.png", "dark/truncated.png", "dark/empty.png", "dark/notes.jpg", "dark/bomb.png"];

    private static readonly string[] OddFiles = ["light/gray16.png", "light/palette.png", "light/cmyk.jpg", "light/exif.jpg", "light/anim.gif", "light/lossy.webp"];

    private readonly PipelineFixture _f = new(perClass: 6);

    public BadInputPipelineTests()
    {
        var rng = new Random(5);
        var good = SyntheticImages.NoisyGray(8, 100, rng);
        _f.Write("dark/corrupt.png", [.. Enumerable.Range(0, 300).Select(_ => (byte)rng.Next(256))]);
        _f.Write("dark/truncated.png", good[..(good.Length / 2)]);
        _f.Write("dark/empty.png", []);
        _f.Write("dark/notes.jpg", "these are my notes, not a photo\n"u8.ToArray());
        _f.Write("dark/bomb.png", ImageFiles.PngBomb(20_000, 20_000));

        using var shapes = Bitmaps.Shapes(16, 2);
        _f.Write("light/gray16.png", ImageFiles.Png16BitGray());
        _f.Write("light/palette.png", ImageFiles.PalettePng());
        _f.Write("light/cmyk.jpg", ImageFiles.CmykJpeg(8, 8));
        _f.Write("light/exif.jpg", ImageFiles.ExifJpeg(shapes, 6));
        _f.Write("light/anim.gif", ImageFiles.AnimatedGif());
        _f.Write("light/lossy.webp", Bitmaps.Encode(shapes, SKEncodedImageFormat.Webp, 80));
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task BadFilesAreSkippedWithOneWarningListingThemAndOddFormatsAreKept()
    {
        var reporter = new CollectingReporter();

        await RunPipeline.RunAsync(_f.Request(), reporter);

        var warning = Assert.Single(reporter.Warnings);
        Assert.Equal(FeaturizationErrors.BadImage, warning.Code);
        Assert.Contains($"Skipped {BadFiles.Length} image(s)", warning.Message);
        foreach (var bad in BadFiles)
            Assert.Contains(Path.GetFileName(bad), warning.Message);
        Assert.Contains(ImagingErrors.ImageTooLarge, warning.Message);
        foreach (var odd in OddFiles)
            Assert.DoesNotContain(Path.GetFileName(odd), warning.Message);

        var originals = _f.ReadDataset().Where(r => !r.Augmented).Select(r => r.Source).ToList();
        Assert.Equal(12 + OddFiles.Length, originals.Count);
        Assert.All(OddFiles, odd => Assert.Contains(odd, originals));
        Assert.All(BadFiles, bad => Assert.DoesNotContain(bad, originals));
    }

    [Fact]
    public async Task TurningFailOnBadImageOnAfterALenientRunFailsInsteadOfReusingTheScores()
    {
        await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());

        var e = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(_f.Request() with { Output = OutputSettings.Default with { FailOnBadImage = true } }, new CollectingReporter()));

        Assert.Equal(FeaturizationErrors.BadImage, e.Code);
    }

    [Fact]
    public async Task FailOnBadImageFailsBeforeWritingAnything()
    {
        var e = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(_f.Request() with { Output = OutputSettings.Default with { FailOnBadImage = true } }, new CollectingReporter()));

        Assert.Equal(FeaturizationErrors.BadImage, e.Code);
        Assert.Contains($"{BadFiles.Length} image(s) could not be read", e.Message);
        Assert.False(File.Exists(Path.Combine(_f.Out, ScoreStage.ScoresFileName)));
        Assert.False(Directory.Exists(_f.DatasetDir));
    }
}
