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
        Assert.Equal("policy,score,update,downweight,auc_mean,auc_std,mean_accuracy_pct,mean_accuracy_pct_std", auc[0]);
        Assert.Equal(1 + 3 * 2, auc.Length);
        var deterministic = auc.Single(l => l.StartsWith("deterministic-proportional,loss,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("", deterministic[5]); // one round: no std
        var baseline = auc.Single(l => l.StartsWith("baseline,loss,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(result.Aucs.Single(a => a.Score == "loss" && a.Configuration.Family == "baseline").Mean,
            double.Parse(baseline[4], System.Globalization.CultureInfo.InvariantCulture), 9);
        // Mean accuracy over budgets 0..40 in percent: the AUC over the range's width.
        Assert.Equal(100 * double.Parse(baseline[4], System.Globalization.CultureInfo.InvariantCulture) / 40,
            double.Parse(baseline[6], System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.True(features.TrainCount == 40 && options.Rounds == 2);
    }

    [Fact]
    public void TheReportIsWellFormedXhtmlWithDataInEveryChartAndEmbeddedThumbnails()
    {
        var (features, options, result) = Study(withImages: true);
        var path = ExperimentReport.Write(result, features, options, 0.5, _dir);

        var document = XDocument.Parse(File.ReadAllText(path));
        var svgs = document.Descendants(Svg + "svg").Where(s => (string?)s.Attribute("class") == "chart").ToList();
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
        Assert.Equal("table", ((XElement)lastHeading.NextNode!.NextNode!).Elements().Single().Name.LocalName);
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

    [Fact]
    public void TheVerdictComparesTheBestScoreBasedAucWithBaselineBeyondTheSpreadOfRounds()
    {
        // Budgets 0, 10, 100 of n = 100; baseline rounds: AUCs by hand (trapezoid, accuracy as a fraction).
        var baseline = PolicyConfiguration.ParseList("baseline")[0];
        var proportional = PolicyConfiguration.ParseList("deterministic-proportional")[0];
        var inverse = PolicyConfiguration.ParseList("random-inverse")[0];
        int[] budgets = [0, 10, 100];
        var accuracies = new List<AccuracyRecord>();
        void Curve(PolicyConfiguration c, int round, params double[] values) =>
            accuracies.AddRange(budgets.Select((b, i) => new AccuracyRecord(c, "loss", round, b, values[i])));
        Curve(baseline, 0, 0.5, 0.6, 0.8);   // AUC 10 x 0.55 + 90 x 0.70 = 68.5
        Curve(baseline, 1, 0.5, 0.62, 0.8);  // 10 x 0.56 + 90 x 0.71 = 69.5
        Curve(proportional, 0, 0.5, 0.7, 0.8); // 10 x 0.60 + 90 x 0.75 = 73.5
        Curve(inverse, 0, 0.5, 0.55, 0.8);   // 10 x 0.525 + 90 x 0.675 = 66.0
        Curve(inverse, 1, 0.5, 0.57, 0.8);   // 10 x 0.535 + 90 x 0.685 = 67.0
        var result = new ExperimentResult
        {
            Budgets = budgets,
            C = 1,
            TrainCount = 100,
            TestCount = 10,
            CopiesPerImage = 4,
            Accuracies = accuracies,
            Aucs =
            [
                new AucRecord(baseline, "loss", 69.0, Math.Sqrt(0.5), 2),
                new AucRecord(proportional, "loss", 73.5, double.NaN, 1),
                new AucRecord(inverse, "loss", 66.5, Math.Sqrt(0.5), 2),
            ],
            Scores = new Dictionary<string, double[]> { ["loss"] = new double[100] },
            NoAugmentation = 0.5,
            FullAugmentation = 0.8,
            Configurations = [baseline, proportional, inverse],
            ScoreNames = ["loss"],
        };

        var verdict = Assert.Single(SelectionVerdict.Build(result));

        Assert.Equal(proportional.PaperLabel, verdict.Configuration);
        Assert.Equal(4.5, verdict.Margin, 12);
        Assert.Equal(0, verdict.AucStd);
        Assert.Equal(Math.Sqrt(0.5), verdict.BaselineStd, 12);
        Assert.True(verdict.BeatsBaseline);
        Assert.Equal(10, verdict.Budget);
        Assert.Equal(0.7, verdict.Accuracy, 12);
        Assert.Equal(0.61, verdict.BaselineAccuracy, 12);

        // A gain inside the baseline's spread is not a win.
        var narrow = result with { Aucs = [result.Aucs[0] with { Std = 5 }, .. result.Aucs.Skip(1)] };
        Assert.False(Assert.Single(SelectionVerdict.Build(narrow)).BeatsBaseline);
    }

    [Fact]
    public void OnTheBoundaryProblemLossBasedSelectionBeatsRandomInTheReport()
    {
        var (features, options, result) = Study();

        var verdicts = SelectionVerdict.Build(result);

        Assert.Equal(["loss", "influence"], verdicts.Select(v => v.Score));
        Assert.True(verdicts[0].BeatsBaseline, $"{verdicts[0]}");
        var text = ExperimentReport.Render(result, features, options, 0.5);
        Assert.Contains("Does choosing by score beat random selection here?", text);
        Assert.Contains("<b>beats random</b>", text);
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
