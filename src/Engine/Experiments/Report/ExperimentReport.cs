using System.Globalization;
using System.Text;
using AugBuild.Engine.Tables;
using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Experiments.Report;

/// <summary>
/// report.html: a self-contained XHTML page (inline SVG, images as data URIs) with the accuracy curves, score
/// histograms, extreme-scored images, vsv point, Table-1-shaped summary, AUC tables and the budget recommendation.
/// </summary>
public static class ExperimentReport
{
    public const string FileName = "report.html";

    private const int Extremes = 10;

    public static string Write(ExperimentResult result, ExperimentFeatures features, ExperimentOptions options, double marginPoints, string outDir)
    {
        var path = Path.Combine(outDir, FileName);
        AtomicFile.WriteAllText(path, Render(result, features, options, marginPoints));
        return path;
    }

    public static string Render(ExperimentResult result, ExperimentFeatures features, ExperimentOptions options, double marginPoints)
    {
        var html = new StringBuilder();
        html.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
            .Append("<title>AugBuild experiment</title><style>")
            .Append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
            .Append("img.thumb{width:56px;height:56px;image-rendering:pixelated;margin:2px;border:1px solid #ccc}figure{display:inline-block;margin:2px;text-align:center;font-size:10px}")
            .Append("</style></head><body>");
        html.Append("<h1>Efficient augmentation: what each budget buys</h1>");
        html.Append($"<p>{E(features.Description)}. n = {result.TrainCount} training originals, {result.CopiesPerImage} copies each; ")
            .Append($"accuracy on the augmented test set ({result.TestCount} rows). C = {Num(result.C)}{(options.C is null ? " (cross-validated)" : "")}; ")
            .Append($"budgets {string.Join(", ", result.Budgets)}; {options.Rounds} rounds for random policies, seed {options.Seed}.</p>");
        html.Append($"<p>No augmentation: <b>{Pct(result.NoAugmentation)}</b>; full augmentation: <b>{Pct(result.FullAugmentation)}</b>.");
        if (result.Vsv is { } vsv)
            html.Append($" VSV (augment the {vsv.SupportVectors} support vectors of a linear SVM): <b>{Pct(vsv.Accuracy)}</b>.");
        html.Append(" The <a href=\"#recommendation\">recommendation</a> closes the report.</p>");

        Verdicts(html, result);
        foreach (var score in result.ScoreNames)
            SummaryTable(html, result, score);
        foreach (var score in result.ScoreNames)
            Curves(html, result, score);
        foreach (var score in result.ScoreNames)
            AucTable(html, result, score);
        foreach (var score in result.ScoreNames)
        {
            html.Append($"<h2>Distribution of {E(score)} scores</h2>");
            html.Append(SvgChart.Histogram($"{score} of the {result.TrainCount} training originals (model fitted on them)", result.Scores[score], 40, score));
            if (features.TrainImages is { } images)
                ExtremeImages(html, result.Scores[score], images, features, score);
        }

        // Last, after the evidence it rests on.
        Recommendations(html, result, marginPoints);
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>The question users run a study for, answered first.</summary>
    private static void Verdicts(StringBuilder html, ExperimentResult result)
    {
        var verdicts = SelectionVerdict.Build(result);
        if (verdicts.Count == 0)
            return;
        html.Append("<h2 id=\"verdict\">Does choosing by score beat random selection here?</h2>")
            .Append("<p>The score-based configuration with the best AUC against baseline (random images). It beats random selection when its AUC ")
            .Append("exceeds baseline's by more than the round-to-round standard deviation of either.</p>")
            .Append("<table><tr><th>score</th><th>best score-based configuration</th><th>AUC</th><th>baseline AUC</th><th>gain</th><th>verdict</th>")
            .Append($"<th>accuracy at {verdicts[0].Budget} images</th><th>baseline at {verdicts[0].Budget}</th></tr>");
        foreach (var v in verdicts)
        {
            html.Append($"<tr><td>{E(v.Score)}</td><td>{E(v.Configuration)}</td><td>{Num(v.Auc)} &#177; {Num(v.AucStd)}</td><td>{Num(v.BaselineAuc)} &#177; {Num(v.BaselineStd)}</td>")
                .Append($"<td>{(v.Margin >= 0 ? "+" : "")}{Num(v.Margin)}</td><td><b>{(v.BeatsBaseline ? "beats random" : "does not beat random")}</b></td>")
                .Append($"<td>{Pct(v.Accuracy)}</td><td>{Pct(v.BaselineAccuracy)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Recommendations(StringBuilder html, ExperimentResult result, double marginPoints)
    {
        html.Append($"<h2 id=\"recommendation\">Recommendation</h2><p>The smallest budget whose mean accuracy is within {Num(marginPoints)} percentage points of full augmentation ({Pct(result.FullAugmentation)}), per score and policy family.</p>");
        html.Append("<table><tr><th>score</th><th>policy family</th><th>configuration</th><th>budget</th><th>% of n</th><th>accuracy</th></tr>");
        foreach (var a in Recommendation.Build(result, marginPoints))
        {
            var budget = a.Budget is { } b ? $"{b}" : "none below full";
            var share = a.Budget is { } s ? Num(100.0 * s / result.TrainCount) + "%" : "";
            html.Append($"<tr><td>{E(a.Score)}</td><td>{E(a.Family)}</td><td>{E(a.Configuration)}</td><td>{budget}</td><td>{share}</td><td>{(a.Accuracy is { } acc ? Pct(acc) : "")}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void SummaryTable(StringBuilder html, ExperimentResult result, string score)
    {
        if (PaperSummary.Table(result, score) is not { } table) return;
        html.Append($"<h2>Summary ({E(score)}), shaped like the paper's Table 1</h2><table><tr><th></th>");
        foreach (var (f, b) in PaperSummary.Fractions.Zip(table.Budgets))
            html.Append($"<th>{Num(100 * f)}% ({b})</th>");
        html.Append("</tr>");
        html.Append($"<tr><td>no augmentation</td><td colspan=\"3\">{Pct(table.NoAugmentation)}</td></tr>");
        foreach (var row in new[] { table.Baseline, table.Best })
        {
            html.Append($"<tr><td>{E(row.Label)}</td>");
            foreach (var a in row.Accuracies) html.Append($"<td>{Pct(a)}</td>");
            html.Append("</tr>");
        }

        html.Append($"<tr><td>full augmentation</td><td colspan=\"3\">{Pct(table.FullAugmentation)}</td></tr></table>");
    }

    private static void Curves(StringBuilder html, ExperimentResult result, string score)
    {
        var series = result.Configurations.Where(c => c.Spec.Kind != PolicyKind.Vsv)
            .Select(c => new ChartSeries(c.PaperLabel, result.Curve(c, score))).ToList();
        var markers = result.Vsv is { } vsv ? new[] { new ChartMarker($"vsv ({vsv.SupportVectors})", vsv.SupportVectors, vsv.Accuracy) } : [];
        html.Append($"<h2>Accuracy vs number of augmented points ({E(score)})</h2><p>Mean over rounds; the band is one sample standard deviation.</p>");
        html.Append(SvgChart.Lines($"Test accuracy (%), policies on {score}", series, markers, "number of augmented training points", "accuracy (%)"));
    }

    private static void AucTable(StringBuilder html, ExperimentResult result, string score)
    {
        html.Append($"<h2>AUC ({E(score)})</h2><p>Trapezoid rule over the budgets, accuracy as a fraction (maximum {result.Budgets[^1] - result.Budgets[0]}).</p>");
        html.Append("<table><tr><th>policy</th><th>AUC mean</th><th>AUC std</th></tr>");
        foreach (var a in result.Aucs.Where(a => a.Score == score).OrderByDescending(a => a.Mean))
            html.Append($"<tr><td>{E(a.Configuration.PaperLabel)}</td><td>{a.Mean.ToString("0.000", CultureInfo.InvariantCulture)}</td><td>{(double.IsNaN(a.Std) ? "--" : a.Std.ToString("0.000", CultureInfo.InvariantCulture))}</td></tr>");
        html.Append("</table>");
    }

    private static void ExtremeImages(StringBuilder html, double[] scores, IReadOnlyList<string> images, ExperimentFeatures features, string score)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).ToList();
        foreach (var (title, picks) in new[] { ("highest", order.Take(Extremes)), ("lowest", order.AsEnumerable().Reverse().Take(Extremes)) })
        {
            html.Append($"<h3>The {Extremes} {title}-{E(score)} training images</h3><div>");
            foreach (var i in picks)
            {
                html.Append($"<figure><img class=\"thumb\" alt=\"{E(Path.GetFileName(images[i]))}\" src=\"{Thumbnail.DataUri(images[i])}\"/>")
                    .Append($"<figcaption>{E(features.ClassNames[features.TrainLabels[i]])}<br/>{scores[i].ToString("g3", CultureInfo.InvariantCulture)}</figcaption></figure>");
            }

            html.Append("</div>");
        }
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => SvgChart.E(text);
}
