using System.Xml.Linq;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Experiments;
using AugBuild.Engine.Experiments.Report;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Experiments;

public sealed class ExperimentOutputTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-experiment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TablesHaveTheDocumentedHeadersAndOneRowPerMeasurement()
    {
        var (features, options, result) = Study();
        ExperimentTables.Write(result, _dir);

        var results = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        Assert.Equal("policy,score,update,downweight,round,budget,accuracy", results[0]);
        // 2 scores x (baseline 2 rounds + det-prop 1 + rand-prop+update 2) x 4 budgets, plus the vsv point.
        Assert.Equal(1 + 2 * (2 + 1 + 2) * 4 + 1, results.Length);
        Assert.Contains("random-proportional,influence,true,false,1,10,", string.Join('\n', results));
        Assert.StartsWith($"vsv,,false,false,0,{result.Vsv!.SupportVectors},", results[^1]);

        var auc = File.ReadAllLines(Path.Combine(_dir, "auc.csv"));
        Assert.Equal("policy,score,update,downweight,auc_mean,auc_std", auc[0]);
        Assert.Equal(1 + 3 * 2, auc.Length);
        var deterministic = auc.Single(l => l.StartsWith("deterministic-proportional,loss,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("", deterministic[5]); // one round: no std
        var baseline = auc.Single(l => l.StartsWith("baseline,loss,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(result.Aucs.Single(a => a.Score == "loss" && a.Configuration.Family == "baseline").Mean,
            double.Parse(baseline[4], System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.True(features.TrainCount == 40 && options.Rounds == 2);
    }

    [Fact]
    public void TheReportIsWellFormedXhtmlWithDataInEveryChartAndEmbeddedThumbnails()
    {
        var (features, options, result) = Study(withImages: true);
        var path = ExperimentReport.Write(result, features, options, 0.5, _dir);

        var document = XDocument.Parse(File.ReadAllText(path));
        var svgs = document.Descendants(Svg + "svg").ToList();
        Assert.Equal(4, svgs.Count); // a curve chart and a histogram per score
        foreach (var svg in svgs)
            Assert.Contains(svg.Descendants(), e => (string?)e.Attribute("class") is { } c && c.Contains("point", StringComparison.Ordinal));

        var curves = svgs.Where(s => s.Descendants(Svg + "polyline").Any()).ToList();
        Assert.Equal(2, curves.Count);
        Assert.All(curves, c => Assert.Equal(3, c.Descendants(Svg + "polyline").Count()));
        Assert.All(curves, c => Assert.Single(c.Descendants(Svg + "rect"), r => ((string?)r.Attribute("class"))!.Contains("marker", StringComparison.Ordinal)));

        XNamespace html = "http://www.w3.org/1999/xhtml";
        var images = document.Descendants(html + "img").ToList();
        Assert.Equal(2 * 2 * 10, images.Count); // highest and lowest 10 per score
        Assert.All(images, i => Assert.StartsWith("data:image/png;base64,", (string)i.Attribute("src")!));
        var text = document.Root!.Value;
        Assert.Contains("no augmentation", text);
        Assert.Contains("full augmentation", text);
        Assert.Contains("within 0.5 percentage points", text);
        var lastHeading = document.Descendants(html + "h2").Last();
        Assert.Equal("Recommendation", lastHeading.Value);
        Assert.Equal("recommendation", (string?)lastHeading.Attribute("id"));
        Assert.Equal("table", ((XElement)lastHeading.NextNode!.NextNode!).Name.LocalName);
    }

    [Fact]
    public void TheRecommendationIsTheSmallestBudgetWithinTheMarginOfFullAugmentation()
    {
        var (_, _, result) = Study();
        var advice = Recommendation.Build(result, 0.5);
        Assert.Equal(2 * 3, advice.Count);
        foreach (var a in advice)
        {
            var family = result.Configurations.Where(c => c.Family == a.Family).ToList();
            var curves = family.Select(c => result.Curve(c, a.Score)).ToList();
            var firstWithin = curves.SelectMany(c => c).Where(p => p.Budget < result.TrainCount && p.Mean >= result.FullAugmentation - 0.005)
                .Select(p => (int?)p.Budget).DefaultIfEmpty(null).Min();
            Assert.Equal(firstWithin, a.Budget);
        }

        Assert.Equal(ExperimentErrors.MarginInvalid, Assert.Throws<AugBuildException>(() => Recommendation.Build(result, -1)).Code);
    }

    private (ExperimentFeatures, ExperimentOptions, ExperimentResult) Study(bool withImages = false)
    {
        var features = BoundaryProblem.Create(far: 30, near: 10, test: 30);
        if (withImages)
            features = features with { TrainImages = Enumerable.Range(0, features.TrainCount).Select(WriteImage).ToList() };
        var options = new ExperimentOptions
        {
            Budgets = [0, 5, 10, 40],
            Rounds = 2,
            C = 10,
            Seed = 5,
            Policies = PolicyConfiguration.ParseList("baseline,deterministic-proportional,random-proportional+update,vsv"),
        };
        return (features, options, ExperimentRunner.Run(features, options, NullReporter.Instance));
    }

    private string WriteImage(int i)
    {
        var path = Path.Combine(_dir, $"img{i}.png");
        using var bitmap = new SKBitmap(new SKImageInfo(8, 8, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor((byte)(i * 5), (byte)(i * 5), (byte)(i * 5)));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
