using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Materialization;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>
/// Inputs that used to fail a whole run after scoring: a class whose every image is unreadable is dropped like an
/// empty class (named), all images unreadable is one code, and an image too small for a transform keeps its original.
/// </summary>
public sealed class DegenerateInputTests : IDisposable
{
    private readonly PipelineFixture _f = new(perClass: 6);

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task AClassWhoseEveryImageIsUnreadableIsIgnoredLikeAnEmptyClassAndLabelsStayConsistent()
    {
        for (var i = 0; i < 3; i++)
            _f.Write($"broken/b{i}.png", [1, 2, 3, (byte)i]);
        var reporter = new CollectingReporter();

        await RunPipeline.RunAsync(_f.Request("50%"), reporter);

        var empty = Assert.Single(reporter.Warnings, w => w.Code == DatasetErrors.EmptyClassFolder);
        Assert.Contains("'broken'", empty.Message);
        Assert.Contains(reporter.Warnings, w => w.Code == FeaturizationErrors.BadImage);
        var rows = _f.ReadDataset();
        Assert.Equal(12, rows.Count(r => !r.Augmented));
        Assert.All(rows, r => Assert.Equal(r.Source.StartsWith("dark/", StringComparison.Ordinal) ? 0 : 1, r.Label));
        Assert.DoesNotContain("broken", File.ReadAllText(Path.Combine(_f.DatasetDir, DatasetFolder.CardName)));
    }

    [Fact]
    public async Task EveryImageUnreadableIsOneClearCode()
    {
        foreach (var file in Directory.GetFiles(_f.Images, "*.png", SearchOption.AllDirectories))
            File.WriteAllBytes(file, [9, 9, 9]);

        var e = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(_f.Request(), new CollectingReporter()));

        Assert.Equal(FeaturizationErrors.NoReadableImages, e.Code);
        Assert.Contains("None of the 12", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ImagesTooSmallForATransformKeepTheirOriginalAndAreListedInOneWarning(bool update)
    {
        var rng = new Random(2);
        _f.Write("dark/tiny.png", SyntheticImages.NoisyGray(1, 50, rng));
        _f.Write("light/small.png", SyntheticImages.NoisyGray(3, 200, rng));
        var reporter = new CollectingReporter();

        var request = _f.Request(update ? "50%" : "100%", "crop:2");
        if (update)
            request = request with { Selection = request.Selection with { Policy = new AugBuild.Engine.Selection.PolicySpec(AugBuild.Engine.Selection.PolicyKind.DeterministicProportional, update: true) } };
        await RunPipeline.RunAsync(request, reporter);

        if (update)
        {
            // The refit at each checkpoint skips the same images' copies; the dataset is still whole.
            Assert.Contains(reporter.Warnings, w => w.Code == MaterializeErrors.CopiesSkipped && w.Message.Contains("refit", StringComparison.Ordinal));
            Assert.Equal(14, _f.ReadDataset().Count(r => !r.Augmented));
            return;
        }

        var warning = Assert.Single(reporter.Warnings, w => w.Code == MaterializeErrors.CopiesSkipped);
        Assert.Contains("2 selected image(s)", warning.Message);
        Assert.Contains("dark/tiny.png", warning.Message);
        Assert.Contains("light/small.png", warning.Message);
        var rows = _f.ReadDataset();
        Assert.Equal(14, rows.Count(r => !r.Augmented));
        Assert.Equal(12, rows.Count(r => r.Augmented));
        Assert.DoesNotContain(rows, r => r.Augmented && r.Source is "dark/tiny.png" or "light/small.png");
    }

    [Theory]
    [InlineData("crop:1", 1, 1)]
    [InlineData("translate:3", 1, 500)]
    public void TheTooLargeMessageNeverSuggestsWhatWasAsked(string transforms, int width, int height)
    {
        var e = Assert.Throws<AugBuildException>(() => TransformSet.Parse(transforms).Expand(width, height));

        Assert.Equal(AugmentationErrors.TooLargeForImage, e.Code);
        Assert.DoesNotContain($"e.g. {transforms}", e.Message);
        Assert.Contains("too small for any", e.Message);
    }
}
