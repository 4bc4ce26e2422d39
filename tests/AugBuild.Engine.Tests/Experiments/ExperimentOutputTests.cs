using System.Xml.Linq;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Experiments;
using AugBuild.Engine.Experiments.Report;

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
        // Highest and lowest 10 per score, and the suspected label issues (at most 30).
        Assert.Equal(2 * 2 * 10 + Math.Min(VerdictSection.MaxThumbnails, result.OutOfFold.SuspectLabels().Count(f => f)), images.Count);
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
    public void TheVerdictComparesMeanAccuracyOverTheBudgetRangeAndNeverSaysBeatsAtALoss()
    {
        // Budgets 0, 10, 20, 100 of n = 100: the range is the non-zero budgets up to 25%, i.e. 10 and 20.
        var baseline = PolicyConfiguration.ParseList("baseline")[0];
        var proportional = PolicyConfiguration.ParseList("deterministic-proportional")[0];
        var inverse = PolicyConfiguration.ParseList("random-inverse")[0];
        int[] budgets = [0, 10, 20, 100];
        ExperimentResult Make(params (PolicyConfiguration C, int Round, double[] Values)[] curves) => new()
        {
            Budgets = budgets,
            C = 1,
            TrainCount = 100,
            TestCount = 10,
            CopiesPerImage = 4,
            Accuracies = curves.SelectMany(c => budgets.Select((b, i) => new AccuracyRecord(c.C, "loss", c.Round, b, c.Values[i]))).ToList(),
            Aucs = [],
            Scores = new Dictionary<string, double[]> { ["loss"] = new double[100] },
            NoAugmentation = 0.5,
            FullAugmentation = 0.8,
            Configurations = curves.Select(c => c.C).Distinct().ToList(),
            ScoreNames = ["loss"],
        };
        (PolicyConfiguration, int, double[])[] common =
        [
            (baseline, 0, [0.5, 0.60, 0.70, 0.8]),  // range mean 0.65
            (baseline, 1, [0.5, 0.62, 0.72, 0.8]),  // 0.67: mean 0.66, std sqrt(2 x 0.01^2) = 0.01414
            (inverse, 0, [0.5, 0.55, 0.60, 0.8]),   // 0.575
            (inverse, 1, [0.5, 0.57, 0.62, 0.8]),   // 0.595
        ];

        var verdict = Assert.Single(SelectionVerdict.Build(Make([.. common, (proportional, 0, [0.5, 0.70, 0.74, 0.8])])));
        Assert.Equal(proportional.PaperLabel, verdict.Configuration);
        Assert.Equal(0.72, verdict.Mean, 12);
        Assert.Equal(0.66, verdict.BaselineMean, 12);
        Assert.Equal(0.06, verdict.Margin, 12);
        Assert.Equal(0, verdict.Std);
        Assert.Equal(Math.Sqrt(2 * 0.01 * 0.01), verdict.BaselineStd, 12);
        Assert.Equal(10, verdict.Budget);
        Assert.Equal(0.61, verdict.BaselineAccuracy, 12);
        Assert.True(verdict.BeatsBaseline);
        Assert.Equal("loss: deterministic proportional beats random selection: mean accuracy over budgets up to 25% 72.00% vs 66.00% +- 1.41 (+6.00 points); at 10 images 70.00% vs 61.00% (+9.00)",
            verdict.Sentence());

        // Ahead on average (0.75 vs 0.66) but behind at 10 images (0.60 vs 0.61): not a win, and the sentence says so.
        var behind = Assert.Single(SelectionVerdict.Build(Make([.. common, (proportional, 0, [0.5, 0.60, 0.90, 0.8])])));
        Assert.True(behind.AheadOnAverage);
        Assert.False(behind.BeatsBaseline);
        Assert.DoesNotContain("beats", behind.Sentence());
        Assert.Contains("behind it at 10 images", behind.Sentence());

        // A gain inside the baseline's spread is not a win either.
        var noisy = Make([.. common.Take(1), (baseline, 1, [0.5, 0.80, 0.80, 0.8]), .. common.Skip(2), (proportional, 0, [0.5, 0.80, 0.80, 0.8])]);
        var inside = Assert.Single(SelectionVerdict.Build(noisy));
        Assert.True(inside.AheadAtBudget && inside.Margin > 0);
        Assert.False(inside.BeatsBaseline);
    }

    [Fact]
    public void TheDiagnosisCountsTheMisclassifiedTailTheScoreMassAndTheFlags()
    {
        // 10 images, labels 0,1,0,1,...; image 0 (label 0) is held out as class 1 with p = 0.9, image 1 is wrong weakly.
        var labels = Enumerable.Range(0, 10).Select(i => i % 2).ToArray();
        var p = new double[20];
        for (int i = 0; i < 10; i++)
        {
            p[2 * i + labels[i]] = 0.8;
            p[2 * i + 1 - labels[i]] = 0.2;
        }

        (p[0], p[1]) = (0.1, 0.9);
        (p[2], p[3]) = (0.55, 0.45);
        double[] loss = [10, 3, 1, 1, 1, 1, 1, 1, 1, 1];
        var baseline = PolicyConfiguration.ParseList("baseline")[0];
        var result = new ExperimentResult
        {
            Budgets = [0, 10], C = 1, TrainCount = 10, TestCount = 10, CopiesPerImage = 4,
            Accuracies = [], Aucs = [], Scores = new Dictionary<string, double[]> { ["loss"] = loss },
            NoAugmentation = 0.70, FullAugmentation = 0.705, Configurations = [baseline], ScoreNames = ["loss"],
            OutOfFold = new Engine.Learning.OutOfFold(p, labels, 2),
        };

        var why = SelectionDiagnosis.Build(result)!;
        Assert.Equal(0.2, why.OutOfFoldError, 12);
        var tail = Assert.Single(why.Tails);
        Assert.Equal(1.0, tail.TopMisclassified); // the top 10% is image 0 alone
        Assert.Equal(10.0 / 21, tail.TopMass, 12);
        Assert.Equal(0.005, why.AugmentationGain, 12);
        // t0 = (0.1 + 4 x 0.8) / 5 = 0.66, t1 = (0.45 + 4 x 0.8) / 5 = 0.73: image 0 (p1 = 0.9) is flagged, image 1 (p0 = 0.55 < t0) is not.
        Assert.Equal([0], why.SuspectImages);
        var reasons = string.Join("\n", why.Reasons());
        Assert.Contains("misclassifies 20.0% of the training images out of fold", reasons);
        Assert.Contains("The top 10% by loss are 100% misclassified out of fold and hold 48% of the loss mass", reasons);
        Assert.Contains("gains only +0.50 points", reasons);
        Assert.Contains("flags 1 training images", reasons);
        Assert.Contains(".onnx", reasons);
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
        Assert.Contains("<b>Beats random.</b>", text);
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
        return SyntheticImages.Write(Path.Combine(_dir, $"img{i}.png"), SyntheticImages.SolidGray(8, (byte)(i * 5)));
    }
}
