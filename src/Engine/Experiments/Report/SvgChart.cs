using System.Globalization;
using System.Net;
using System.Text;

namespace AugBuild.Engine.Experiments.Report;

/// <summary>
/// A line with a band (mean +- std) through points, as in the paper's Figure 3. Series of one
/// <paramref name="Group"/> (a policy family) share a colour; <paramref name="Variant"/> (its modifiers) picks the dash.
/// </summary>
public sealed record ChartSeries(string Label, IReadOnlyList<CurvePoint> Points, string? Group = null, int Variant = 0);

/// <summary>A single marked point (e.g. vsv's support-vector count and accuracy).</summary>
public sealed record ChartMarker(string Label, double X, double Y);

/// <summary>
/// Inline SVG charts, written by hand so the report needs no assets; every element is well-formed XML. The legend
/// is HTML beside the SVG, so labels wrap instead of being cut and stay readable when the chart is scaled down.
/// </summary>
public static class SvgChart
{
    private const int Width = 720, Height = 380, Left = 64, Right = 24, Top = 30, Bottom = 48;

    /// <summary>Okabe-Ito colours (distinct under colour blindness), black first for the baseline.</summary>
    private static readonly string[] Palette = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8B4513", "#7F7F7F"];

    /// <summary>Solid, dashed, dotted, dash-dot: one per modifier combination.</summary>
    private static readonly string[] Dashes = ["", "8 4", "2 3", "10 3 2 3"];

    /// <summary>The stroke colour and dash of each series, distinct while there are at most 9 groups of 4 variants.</summary>
    public static IReadOnlyList<(string Color, string Dash)> Styles(IReadOnlyList<ChartSeries> series)
    {
        var groups = series.Select((s, i) => s.Group ?? $"#{i}").Distinct().ToList();
        return series.Select((s, i) =>
        {
            var g = groups.IndexOf(s.Group ?? $"#{i}");
            return (Palette[g % Palette.Length], Dashes[(s.Variant + g / Palette.Length) % Dashes.Length]);
        }).ToList();
    }

    /// <summary>Accuracy (percent) against the number of augmented points; the axes include every marker.</summary>
    public static string Lines(string title, IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartMarker> markers, string xLabel, string yLabel)
    {
        var all = series.SelectMany(s => s.Points).ToList();
        double xMax = Math.Max(1, all.Select(p => (double)p.Budget).Concat(markers.Select(m => m.X)).DefaultIfEmpty(1).Max());
        var lows = all.Select(p => p.Mean - Std(p)).Concat(markers.Select(m => m.Y)).DefaultIfEmpty(0).ToList();
        var highs = all.Select(p => p.Mean + Std(p)).Concat(markers.Select(m => m.Y)).DefaultIfEmpty(1).ToList();
        var xTicks = NiceTicks.For(0, xMax, integers: true);
        var yTicks = NiceTicks.For(100 * lows.Min(), 100 * highs.Max());
        double X(double v) => Left + (Width - Left - Right) * (v - xTicks.Min) / (xTicks.Max - xTicks.Min);
        double Y(double fraction) => Top + (Height - Top - Bottom) * (1 - (100 * fraction - yTicks.Min) / (yTicks.Max - yTicks.Min));

        var svg = Open(title);
        Axes(svg, xTicks, yTicks, X, v => Y(v / 100), xLabel, yLabel);
        var styles = Styles(series);
        for (var s = 0; s < series.Count; s++)
        {
            var (color, dash) = styles[s];
            var points = series[s].Points;
            if (points.Any(p => Std(p) > 0))
            {
                var upper = points.Select(p => $"{F(X(p.Budget))},{F(Y(p.Mean + Std(p)))}");
                var lower = points.Reverse().Select(p => $"{F(X(p.Budget))},{F(Y(p.Mean - Std(p)))}");
                svg.Append($"<polygon class=\"band\" fill=\"{color}\" fill-opacity=\"0.08\" stroke=\"none\" points=\"{string.Join(' ', upper.Concat(lower))}\"/>");
            }

            svg.Append($"<polyline class=\"series\" fill=\"none\" stroke=\"{color}\"{DashAttribute(dash)} stroke-width=\"1.8\" points=\"{string.Join(' ', points.Select(p => $"{F(X(p.Budget))},{F(Y(p.Mean))}"))}\"><title>{E(series[s].Label)}</title></polyline>");
            foreach (var p in points)
                svg.Append($"<circle class=\"point\" cx=\"{F(X(p.Budget))}\" cy=\"{F(Y(p.Mean))}\" r=\"2.5\" fill=\"{color}\"><title>{E(series[s].Label)}: {p.Budget} augmented, {F(100 * p.Mean)}%</title></circle>");
        }

        foreach (var marker in markers)
        {
            double mx = X(marker.X), my = Y(marker.Y);
            svg.Append($"<rect class=\"point marker\" x=\"{F(mx - 5)}\" y=\"{F(my - 5)}\" width=\"10\" height=\"10\" fill=\"black\"><title>{E(marker.Label)}</title></rect>");
            // Near the right edge the label goes to the left of the point, so it stays inside the chart.
            var leftOf = mx > Width - Right - 120;
            svg.Append($"<text x=\"{F(leftOf ? mx - 8 : mx + 8)}\" y=\"{F(my - 8)}\" font-size=\"11\" text-anchor=\"{(leftOf ? "end" : "start")}\">{E(marker.Label)}</text>");
        }

        return svg.Append("</svg>").Append(Legend(series, styles)).ToString();
    }

    /// <summary>Histogram of scores in equal-width bins.</summary>
    public static string Histogram(string title, IReadOnlyList<double> values, int bins, string xLabel)
    {
        double lo = values.Count == 0 ? 0 : values.Min(), hi = values.Count == 0 ? 1 : values.Max();
        if (hi <= lo) hi = lo + 1;
        var counts = new int[bins];
        foreach (var v in values)
            counts[Math.Min(bins - 1, (int)((v - lo) / (hi - lo) * bins))]++;
        var xTicks = NiceTicks.For(lo, hi);
        var yTicks = NiceTicks.For(0, Math.Max(1, counts.Max()), integers: true);
        double X(double v) => Left + (Width - Left - Right) * (v - xTicks.Min) / (xTicks.Max - xTicks.Min);
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - v / yTicks.Max);

        var svg = Open(title);
        Axes(svg, xTicks, yTicks, X, Y, xLabel, "images");
        var barWidth = (hi - lo) / bins;
        for (var b = 0; b < bins; b++)
        {
            double x0 = X(lo + b * barWidth), x1 = X(lo + (b + 1) * barWidth);
            svg.Append($"<rect class=\"bar point\" x=\"{F(x0)}\" y=\"{F(Y(counts[b]))}\" width=\"{F(Math.Max(0.5, x1 - x0 - 1))}\" height=\"{F(Y(0) - Y(counts[b]))}\" fill=\"{Palette[1]}\"><title>{G(lo + b * barWidth)}..{G(lo + (b + 1) * barWidth)}: {counts[b]}</title></rect>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title) => new StringBuilder()
        .Append($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\">")
        .Append($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{E(title)}</text>")
        .Append($"<rect class=\"plot-area\" x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"none\"/>");

    private static void Axes(StringBuilder svg, NiceTicks xTicks, NiceTicks yTicks, Func<double, double> x, Func<double, double> y, string xLabel, string yLabel)
    {
        double x0 = x(xTicks.Min), x1 = x(xTicks.Max), y0 = y(yTicks.Min), y1 = y(yTicks.Max);
        foreach (var yv in yTicks.Values)
        {
            svg.Append($"<line x1=\"{F(x0)}\" y1=\"{F(y(yv))}\" x2=\"{F(x1)}\" y2=\"{F(y(yv))}\" stroke=\"#e3e3e3\"/>");
            svg.Append($"<text class=\"tick y\" x=\"{F(x0 - 6)}\" y=\"{F(y(yv) + 3)}\" font-size=\"10\" text-anchor=\"end\">{yTicks.Format(yv)}</text>");
        }

        foreach (var xv in xTicks.Values)
            svg.Append($"<text class=\"tick x\" x=\"{F(x(xv))}\" y=\"{F(y0 + 16)}\" font-size=\"10\" text-anchor=\"middle\">{xTicks.Format(xv)}</text>");
        svg.Append($"<line x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x1)}\" y2=\"{F(y0)}\" stroke=\"black\"/>");
        svg.Append($"<line x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x0)}\" y2=\"{F(y1)}\" stroke=\"black\"/>");
        svg.Append($"<text x=\"{F((x0 + x1) / 2)}\" y=\"{F(y0 + 36)}\" font-size=\"12\" text-anchor=\"middle\">{E(xLabel)}</text>");
        svg.Append($"<text x=\"14\" y=\"{F((y0 + y1) / 2)}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {F((y0 + y1) / 2)})\">{E(yLabel)}</text>");
    }

    private static string Legend(IReadOnlyList<ChartSeries> series, IReadOnlyList<(string Color, string Dash)> styles)
    {
        var html = new StringBuilder("<ul class=\"legend\">");
        for (var s = 0; s < series.Count; s++)
        {
            var (color, dash) = styles[s];
            html.Append($"<li><svg class=\"swatch\" xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"39\" y2=\"5\" stroke=\"{color}\"{DashAttribute(dash)} stroke-width=\"2\"/></svg>")
                .Append($"<span class=\"legend-label\">{E(series[s].Label)}</span></li>");
        }

        return html.Append("</ul>").ToString();
    }

    private static string DashAttribute(string dash) => dash.Length == 0 ? "" : $" stroke-dasharray=\"{dash}\"";

    private static double Std(CurvePoint p) => double.IsNaN(p.Std) ? 0 : p.Std;

    private static string F(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);

    private static string G(double v) => v.ToString("g4", CultureInfo.InvariantCulture);

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
