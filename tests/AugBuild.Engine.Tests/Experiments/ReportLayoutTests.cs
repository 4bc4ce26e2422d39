using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Experiments;
using AugBuild.Engine.Experiments.Report;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Engine.Tests.Experiments;

/// <summary>The report as a person reads it: facts checked in the rendered XHTML of a real study.</summary>
public sealed class ReportLayoutTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";

    // n = 40: 5% and 10% of n are both nearest budget 3, 25% is budget 10; vsv's support vectors can exceed 10.
    private static readonly Lazy<(ExperimentResult Result, XDocument Page)> Study = new(() =>
    {
        var features = BoundaryProblem.Create(far: 30, near: 10, test: 30);
        var options = new ExperimentOptions { Budgets = [0, 3, 10], Rounds = 2, C = 10, Seed = 5, Policies = [.. PolicyConfiguration.Paper, PolicyConfiguration.All[^1]] }; // the paper's 11 and vsv
        var result = ExperimentRunner.Run(features, options, NullReporter.Instance);
        var text = ExperimentReport.Render(result, features, options, 0.5, new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero));
        return (result, XDocument.Parse(text));
    });

    private static double D(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static IEnumerable<XElement> Charts => Study.Value.Page.Descendants(Svg + "svg").Where(s => (string?)s.Attribute("class") == "chart");

    [Fact]
    public void Table_1_columns_are_distinct_budgets_labelled_with_their_true_share_of_n()
    {
        var table = Study.Value.Page.Descendants(Html + "table").First(t => (string?)t.Attribute("class") == "summary");
        var headers = table.Descendants(Html + "th").Skip(1).Select(h => h.Value).ToList();

        Assert.Equal(["3 images (7.5% of n)", "10 images (25% of n)"], headers);
        Assert.Equal(headers.Count, (int)table.Descendants(Html + "td").First(t => t.Attribute("colspan") is not null).Attribute("colspan")!);
    }

    [Fact]
    public void The_vsv_point_and_every_curve_point_lie_inside_the_plot_box()
    {
        Assert.True(Study.Value.Result.Vsv!.SupportVectors > 10, "the study must put vsv beyond the largest budget");
        foreach (var chart in Charts.Where(c => c.Descendants(Svg + "polyline").Any()))
        {
            var box = chart.Elements(Svg + "rect").Single(r => (string?)r.Attribute("class") == "plot-area");
            double x0 = D(box, "x"), y0 = D(box, "y"), x1 = x0 + D(box, "width"), y1 = y0 + D(box, "height");
            var marker = chart.Descendants(Svg + "rect").Single(r => ((string?)r.Attribute("class"))!.Contains("marker", StringComparison.Ordinal));
            double cx = D(marker, "x") + 5, cy = D(marker, "y") + 5;
            Assert.InRange(cx, x0, x1);
            Assert.InRange(cy, y0, y1);
            foreach (var p in chart.Descendants(Svg + "circle"))
            {
                Assert.InRange(D(p, "cx"), x0, x1);
                Assert.InRange(D(p, "cy"), y0, y1);
            }

            var label = marker.ElementsAfterSelf(Svg + "text").First();
            Assert.True(D(label, "x") <= D(chart, "width"), "the vsv label starts inside the chart");
        }
    }

    [Fact]
    public void Axis_ticks_are_round_numbers_on_a_1_2_2_5_5_step()
    {
        foreach (var chart in Charts)
        {
            foreach (var axis in new[] { "tick x", "tick y" })
            {
                var ticks = chart.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == axis)
                    .Select(t => decimal.Parse(t.Value, CultureInfo.InvariantCulture)).ToList();
                Assert.True(ticks.Count >= 3, $"{axis}: {ticks.Count} ticks");
                var step = ticks[1] - ticks[0];
                Assert.All(ticks.Zip(ticks.Skip(1)), t => Assert.Equal(step, t.Second - t.First));
                var mantissa = step / (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)step)));
                Assert.Contains(mantissa, new[] { 1m, 2m, 2.5m, 5m });
                Assert.All(ticks, t => Assert.Equal(0m, t % step));
            }
        }
    }

    [Fact]
    public void Every_curve_has_its_full_label_and_a_distinct_colour_and_dash()
    {
        var result = Study.Value.Result;
        var curves = result.Configurations.Where(c => c.Spec.Kind != AugBuild.Engine.Selection.PolicyKind.Vsv).Select(c => c.PaperLabel).ToList();
        Assert.Equal(11, curves.Count);
        foreach (var legend in Study.Value.Page.Descendants(Html + "ul").Where(u => (string?)u.Attribute("class") == "legend"))
        {
            Assert.Equal(curves, legend.Descendants(Html + "span").Select(s => s.Value));
            var styles = legend.Descendants(Svg + "line").Select(l => ((string)l.Attribute("stroke")!, (string?)l.Attribute("stroke-dasharray") ?? "")).ToList();
            Assert.Equal(curves.Count, styles.Distinct().Count());
        }

        var chart = Charts.First();
        var series = chart.Descendants(Svg + "polyline").Select(l => ((string)l.Attribute("stroke")!, (string?)l.Attribute("stroke-dasharray") ?? "")).ToList();
        Assert.Equal(curves.Count, series.Distinct().Count());
    }

    [Fact]
    public void The_report_says_what_ran_and_what_the_policy_names_mean()
    {
        var settings = Study.Value.Page.Descendants(Html + "table").First(t => (string?)t.Attribute("class") == "settings");
        var rows = settings.Elements(Html + "tr").ToDictionary(r => r.Elements(Html + "th").Single().Value, r => r.Elements(Html + "td").Single().Value);

        Assert.Equal($"augbuild {ToolVersion.Current}, commit {ToolVersion.Commit ?? "unknown"}", rows["tool"]);
        Assert.Matches("^[0-9a-f]{7,40}$", ToolVersion.Commit ?? "built from git");
        Assert.Equal("2026-12-03 09:30 UTC", rows["generated"]);
        Assert.Equal("0, 3, 10", rows["budgets (images augmented)"]);
        Assert.Equal("5", rows["seed"]);
        Assert.StartsWith("2 per random", rows["rounds"]);
        Assert.Contains("random-proportional+update+downweight", rows["configurations"]);

        var terms = Study.Value.Page.Descendants(Html + "dt").Select(d => d.Value).ToList();
        Assert.Equal(["baseline", "deterministic-proportional", "random-proportional", "deterministic-inverse", "random-inverse", "vsv", "modifier update (+update)", "modifier downweight (+downweight)", "modifier guard (+guard)"], terms);
        Assert.DoesNotContain(Study.Value.Page.Descendants(Html + "dd"), d => d.Value.Contains("docs/method.md", StringComparison.Ordinal));
    }

    [Fact]
    public void The_accuracy_per_budget_table_and_mean_accuracy_match_the_curves()
    {
        var result = Study.Value.Result;
        var page = Study.Value.Page;
        var perBudget = page.Descendants(Html + "table").First(t => (string?)t.Attribute("class") == "per-budget");
        Assert.Equal(["configuration", "0", "3", "10"], perBudget.Descendants(Html + "th").Select(h => h.Value));
        var configuration = result.Configurations.First(c => c.IsRandom && c.UsesScores);
        var row = perBudget.Elements(Html + "tr").Single(r => r.Elements(Html + "td").FirstOrDefault()?.Value == configuration.PaperLabel);
        var curve = result.Curve(configuration, result.ScoreNames[0]);
        Assert.Equal(curve.Select(p => $"{100 * p.Mean:0.00} ± {100 * p.Std:0.00}".Replace(',', '.')), row.Elements(Html + "td").Skip(1).Select(td => td.Value));

        // Mean accuracy = trapezoid over 0..10 divided by 10, in percent, computed here from the curve.
        var expected = (3 * (curve[0].Mean + curve[1].Mean) / 2 + 7 * (curve[1].Mean + curve[2].Mean) / 2) / 10 * 100;
        var mean = page.Descendants(Html + "table").First(t => (string?)t.Attribute("class") == "mean-accuracy");
        var cell = mean.Elements(Html + "tr").Single(r => r.Elements(Html + "td").FirstOrDefault()?.Value == configuration.PaperLabel).Elements(Html + "td").ElementAt(1).Value;
        Assert.Equal(expected, double.Parse(cell.TrimEnd('%'), CultureInfo.InvariantCulture), 2);
        Assert.DoesNotContain("AUC", page.Root!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_run_count_adds_up()
    {
        var text = RunCount.Describe(PolicyConfiguration.Paper, 2, 2, 34);

        Assert.Equal("11 configurations x 2 scores = 34 runs (5 deterministic run once, 6 random 2 rounds each: (5 + 6 x 2) x 2)", text);
        var m = Regex.Match(text, @"\((\d+) \+ (\d+) x (\d+)\) x (\d+)");
        Assert.Equal(34, (int.Parse(m.Groups[1].Value) + int.Parse(m.Groups[2].Value) * int.Parse(m.Groups[3].Value)) * int.Parse(m.Groups[4].Value));
    }
}
