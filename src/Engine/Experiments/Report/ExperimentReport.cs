using System.Globalization;
using System.Text;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Selection;
using AugBuild.Engine.Tables;

namespace AugBuild.Engine.Experiments.Report;

/// <summary>
/// report.html: a self-contained XHTML page (inline SVG, images as data URIs) for a person: what ran (version,
/// commit, date, settings), the verdict, what the policy names mean, the curves, accuracy per budget, mean accuracy
/// per configuration, a Table-1-shaped summary, score histograms, extreme-scored images and the budget recommendation.
/// Readable from phone width (390 px) up: charts scale, wide tables scroll.
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

    /// <param name="generated">When the report was made (default: now); shown with the tool's version and commit.</param>
    public static string Render(ExperimentResult result, ExperimentFeatures features, ExperimentOptions options, double marginPoints, DateTimeOffset? generated = null)
    {
        var html = new StringBuilder();
        html.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
            .Append("<title>AugBuild experiment</title><style>")
            .Append("body{font-family:sans-serif;max-width:1200px;margin:1em auto;padding:0 12px;color:#222;line-height:1.4}")
            .Append(".scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:0.6em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;white-space:nowrap}th{white-space:normal}td:first-child,th:first-child{text-align:left}")
            .Append("table.settings{width:100%}table.settings th,table.settings td{white-space:normal;overflow-wrap:anywhere;text-align:left}dl.glossary dt{font-weight:bold;margin-top:0.4em}dl.glossary dd{margin-left:1.2em}")
            .Append("svg.chart{width:100%;max-width:1000px;height:auto;display:block}ul.legend{list-style:none;padding:0;margin:0.3em 0 1em;columns:2 300px;font-size:13px}")
            .Append("ul.legend li{break-inside:avoid;margin:2px 0}svg.swatch{vertical-align:middle;margin-right:6px}")
            .Append("img.thumb{width:56px;height:56px;image-rendering:pixelated;margin:2px;border:1px solid #ccc}figure{display:inline-block;margin:2px;text-align:center;font-size:10px}")
            .Append("@media (max-width:600px){table.settings th,table.settings td{display:block;border:none;padding:1px 4px}table.settings tr{border-bottom:1px solid #ccc;display:block;padding:3px 0}}")
            .Append("</style></head><body>");
        html.Append("<h1>Efficient augmentation: what each budget buys</h1>");
        Settings(html, result, features, options, marginPoints, generated ?? DateTimeOffset.UtcNow);
        html.Append($"<p>No augmentation: <b>{Pct(result.NoAugmentation)}</b>; full augmentation: <b>{Pct(result.FullAugmentation)}</b>.");
        if (result.Vsv is { } vsv)
            html.Append($" VSV (augment the {vsv.SupportVectors} support vectors of a linear SVM): <b>{Pct(vsv.Accuracy)}</b>.");
        html.Append(" Accuracies are on the augmented test set. The <a href=\"#recommendation\">recommendation</a> closes the report.</p>");

        // The question users run a study for, answered first.
        VerdictSection.Append(html, result, features);
        Glossary(html, result);
        foreach (var score in result.ScoreNames)
            SummaryTable(html, result, score);
        foreach (var score in result.ScoreNames)
            Curves(html, result, score);
        foreach (var score in result.ScoreNames)
            AccuracyPerBudget(html, result, score);
        foreach (var score in result.ScoreNames)
            MeanAccuracyTable(html, result, score);
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

    /// <summary>What ran, so a report read later (or beside another study's) says where its numbers come from.</summary>
    private static void Settings(StringBuilder html, ExperimentResult result, ExperimentFeatures features, ExperimentOptions options, double marginPoints, DateTimeOffset generated)
    {
        var rows = new (string, string)[]
        {
            ("data", features.Description),
            ("training originals (n)", $"{result.TrainCount}, {result.CopiesPerImage} transformed copies each"),
            ("test set", $"{result.TestCount} rows (the test originals and all their copies)"),
            ("probe C", Num(result.C) + (options.C is null ? " (stratified 4-fold cross-validation on the originals)" : " (given)")),
            ("budgets (images augmented)", string.Join(", ", result.Budgets)),
            ("rounds", $"{options.Rounds} per random configuration (baseline, random-*); deterministic ones run once"),
            ("seed", options.Seed.ToString(CultureInfo.InvariantCulture)),
            ("scores", string.Join(", ", result.ScoreNames)),
            ("configurations", string.Join(", ", result.Configurations.Select(c => c.Name))),
            ("recommendation margin", $"{Num(marginPoints)} percentage points"),
            ("tool", $"augbuild {ToolVersion.Current}, commit {ToolVersion.Commit ?? "unknown"}"),
            ("generated", generated.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        };
        html.Append("<h2 id=\"settings\">What ran</h2><div class=\"scroll\"><table class=\"settings\">");
        foreach (var (name, value) in rows)
            html.Append($"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");
        html.Append("</table></div>");
    }

    private static void Glossary(StringBuilder html, ExperimentResult result)
    {
        html.Append("<h2 id=\"policies\">What the policy names mean</h2><p>A policy orders the training images; a budget of b augments the first b (adds their transformed copies to the training set). The score is the probe's training loss or the image's leave-one-out influence.</p><dl class=\"glossary\">");
        foreach (var kind in result.Configurations.Select(c => c.Spec.Kind).Distinct())
            html.Append($"<dt>{E(PolicyNames.Name(kind))}</dt><dd>{E(PolicyGlossary.Describe(kind))}</dd>");
        foreach (var (name, meaning) in PolicyGlossary.Modifiers)
            html.Append($"<dt>modifier {E(name)} (+{E(name)})</dt><dd>{E(meaning)}</dd>");
        html.Append("</dl><p>Labels such as \"random proportional update downweight\" are the paper's: the policy followed by its modifiers.</p>");
    }

    private static void Recommendations(StringBuilder html, ExperimentResult result, double marginPoints)
    {
        html.Append($"<h2 id=\"recommendation\">Recommendation</h2><p>The smallest budget whose mean accuracy is within {Num(marginPoints)} percentage points of full augmentation ({Pct(result.FullAugmentation)}), per score and policy family.</p>");
        html.Append("<div class=\"scroll\"><table><tr><th>score</th><th>policy family</th><th>configuration</th><th>budget</th><th>% of n</th><th>accuracy</th></tr>");
        foreach (var a in Recommendation.Build(result, marginPoints))
        {
            var budget = a.Budget is { } b ? $"{b}" : "none below full";
            var share = a.Budget is { } s ? Share(s, result) : "";
            html.Append($"<tr><td>{E(a.Score)}</td><td>{E(a.Family)}</td><td>{E(a.Configuration)}</td><td>{budget}</td><td>{share}</td><td>{(a.Accuracy is { } acc ? Pct(acc) : "")}</td></tr>");
        }

        html.Append("</table></div>");
    }

    private static void SummaryTable(StringBuilder html, ExperimentResult result, string score)
    {
        if (PaperSummary.Table(result, score) is not { } table) return;
        html.Append($"<h2>Summary ({E(score)}), shaped like the paper's Table 1</h2>")
            .Append("<p>The grid budgets nearest 5%, 10% and 25% of n, each once; the header gives the budget and its true share of n. \"Best\" is the score-based configuration with the highest mean accuracy.</p>")
            .Append("<div class=\"scroll\"><table class=\"summary\"><tr><th></th>");
        foreach (var b in table.Budgets)
            html.Append($"<th>{b} images ({Share(b, result)})</th>");
        html.Append("</tr>");
        html.Append($"<tr><td>no augmentation</td><td colspan=\"{table.Budgets.Count}\">{Pct(table.NoAugmentation)}</td></tr>");
        foreach (var row in new[] { table.Baseline, table.Best })
        {
            html.Append($"<tr><td>{E(row.Label)}</td>");
            foreach (var a in row.Accuracies) html.Append($"<td>{Pct(a)}</td>");
            html.Append("</tr>");
        }

        html.Append($"<tr><td>full augmentation</td><td colspan=\"{table.Budgets.Count}\">{Pct(table.FullAugmentation)}</td></tr></table></div>");
    }

    private static void Curves(StringBuilder html, ExperimentResult result, string score)
    {
        var series = result.Configurations.Where(c => c.Spec.Kind != PolicyKind.Vsv)
            .Select(c => new ChartSeries(c.PaperLabel, result.Curve(c, score), c.Family, (c.Spec.Update ? 1 : 0) + (c.Spec.Downweight ? 2 : 0))).ToList();
        var markers = result.Vsv is { } vsv ? new[] { new ChartMarker($"vsv ({vsv.SupportVectors})", vsv.SupportVectors, vsv.Accuracy) } : [];
        html.Append($"<h2>Accuracy vs number of augmented points ({E(score)})</h2><p>Mean over rounds; the band is one sample standard deviation. Colour: policy; line style: modifiers (solid none, dashed update, dotted downweight, dash-dot both).</p>");
        html.Append(SvgChart.Lines($"Test accuracy (%), policies on {score}", series, markers, "number of augmented training points", "accuracy (%)"));
    }

    private static void AccuracyPerBudget(StringBuilder html, ExperimentResult result, string score)
    {
        html.Append($"<h2>Accuracy per budget ({E(score)})</h2><p>Mean test accuracy over rounds (&#177; sample std where a configuration ran more than once), in percent.</p>")
            .Append("<div class=\"scroll\"><table class=\"per-budget\"><tr><th>configuration</th>");
        foreach (var b in result.Budgets) html.Append($"<th>{b}</th>");
        html.Append("</tr>");
        foreach (var c in result.Configurations.Where(c => c.Spec.Kind != PolicyKind.Vsv))
        {
            html.Append($"<tr><td>{E(c.PaperLabel)}</td>");
            foreach (var p in result.Curve(c, score))
                html.Append($"<td>{(100 * p.Mean).ToString("0.00", CultureInfo.InvariantCulture)}{(double.IsNaN(p.Std) ? "" : " &#177; " + (100 * p.Std).ToString("0.00", CultureInfo.InvariantCulture))}</td>");
            html.Append("</tr>");
        }

        html.Append("</table></div>");
    }

    private static void MeanAccuracyTable(StringBuilder html, ExperimentResult result, string score)
    {
        html.Append($"<h2>Mean accuracy over budgets {Range(result)} ({E(score)})</h2>")
            .Append("<p>The area under each accuracy curve (trapezoid rule) divided by the budget range: the accuracy a budget drawn evenly from the range gets on average, in percent. It does not depend on the range's width, so studies compare.</p>")
            .Append("<div class=\"scroll\"><table class=\"mean-accuracy\"><tr><th>configuration</th><th>mean accuracy</th><th>std over rounds (points)</th></tr>");
        foreach (var a in result.Aucs.Where(a => a.Score == score).OrderByDescending(a => a.Mean))
            html.Append($"<tr><td>{E(a.Configuration.PaperLabel)}</td><td>{PctPoints(MeanPct(a.Mean, result))}</td><td>{(double.IsNaN(a.Std) ? "--" : Points(MeanPct(a.Std, result)))}</td></tr>");
        html.Append("</table></div>");
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

    private static double MeanPct(double area, ExperimentResult result) => AreaUnderCurve.MeanAccuracyPercent(area, result.Budgets);

    private static string Range(ExperimentResult result) => $"{result.Budgets[0]}-{result.Budgets[^1]}";

    private static string Share(int budget, ExperimentResult result) => (100.0 * budget / result.TrainCount).ToString("0.#", CultureInfo.InvariantCulture) + "% of n";

    private static string Pct(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string PctPoints(double percent) => percent.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Points(double points) => points.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => SvgChart.E(text);
}
