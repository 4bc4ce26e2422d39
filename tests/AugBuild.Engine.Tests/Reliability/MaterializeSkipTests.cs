using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;
using AugBuild.Engine.Tests.Materialization;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>Stand-alone materialize with several undecodable sources: one warning lists them all.</summary>
public sealed class MaterializeSkipTests
{
    [Fact]
    public async Task SeveralUndecodableImagesGiveOneWarningListingThem()
    {
        using var t = new TestImages();
        var items = t.Make(6);
        items.Insert(1, t.AddCorrupt("cat/first-broken.png", 1, selected: true));
        items.Insert(4, t.AddCorrupt("dog/second-broken.png", 2, selected: false));
        var reporter = new CollectingReporter();

        var summary = await new Materializer(reporter).RunAsync(new MaterializeRequest(items, TestImages.Classes, TransformSet.Parse("flip-h"),
            new MaterializeOptions { OutputDirectory = t.Out, MaxDegreeOfParallelism = 2 }, new DatasetCardInfo { Policy = "baseline" }));

        var warning = Assert.Single(reporter.Warnings);
        Assert.Equal(MaterializeErrors.UndecodableImage, warning.Code);
        Assert.Contains("Skipped 2 image(s) (3 row(s) not written)", warning.Message);
        Assert.Contains("cat/first-broken.png", warning.Message);
        Assert.Contains("dog/second-broken.png", warning.Message);
        Assert.Equal((2, 3L), (summary.SkippedImages, summary.SkippedRows));
    }
}
