using System.Globalization;
using System.Net;
using System.Text;

namespace AugBuild.Engine.Experiments.Report;

/// <summary>A line with a band (mean +- std) through points, as in the paper's Figure 3.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<CurvePoint> Points);

/// <summary>A single marked point (e.g. vsv's support-vector count and accuracy).</summary>
public sealed record ChartMarker(string Label, double X, double Y);

/// <summary>Inline SVG charts, written by hand so the report needs no assets; every element is well-formed XML.</summary>
public static class SvgChart
{
    private const int Width = 720, Height = 380, Left = 64, Right = 230, Top = 30, Bottom = 48;

    private static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a",
    ];

    /// <summary>Accuracy (percent) against the number of augmented points.</summary>
    public static string Lines(string title, IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartMarker> markers, string xLabel, string yLabel)
    {
        var all = series.SelectMany(s => s.Points).ToList();
        double xMax = Math.Max(1, all.Count == 0 ? 1 : all.Max(p => p.Budget));
        var lows = all.Select(p => p.Mean - Std(p)).Concat(markers.Select(m => m.Y)).ToList();
        var highs = all.Select(p => p.Mean + Std(p)).Concat(markers.Select(m => m.Y)).ToList();
        double yMin = lows.Count == 0 ? 0 : lows.Min(), yMax = highs.Count == 0 ? 1 : highs.Max();
        if (yMax - yMin < 1e-3) { yMin -= 0.005; yMax += 0.005; }
        var pad = (yMax - yMin) * 0.05;
        yMin -= pad;
        yMax += pad;
        double X(double v) => Left + (Width - Left - Right) * v / xMax;
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - (v - yMin) / (yMax - yMin));

        var svg = Open(title);
        Axes(svg, xMax, yMin, yMax, X, Y, xLabel, yLabel, percent: true);
        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var points = series[s].Points;
            if (points.Any(p => Std(p) > 0))
            {
                var upper = points.Select(p => $"{F(X(p.Budget))},{F(Y(p.Mean + Std(p)))}");
                var lower = points.Reverse().Select(p => $"{F(X(p.Budget))},{F(Y(p.Mean - Std(p)))}");
                svg.Append($"<polygon class=\"band\" fill=\"{color}\" fill-opacity=\"0.15\" stroke=\"none\" points=\"{string.Join(' ', upper.Concat(lower))}\"/>");
            }

            svg.Append($"<polyline class=\"series\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.6\" points=\"{string.Join(' ', points.Select(p => $"{F(X(p.Budget))},{F(Y(p.Mean))}"))}\"><title>{E(series[s].Label)}</title></polyline>");
            foreach (var p in points)
                svg.Append($"<circle class=\"point\" cx=\"{F(X(p.Budget))}\" cy=\"{F(Y(p.Mean))}\" r=\"2.5\" fill=\"{color}\"><title>{E(series[s].Label)}: {p.Budget} augmented, {F(100 * p.Mean)}%</title></circle>");
            Legend(svg, s, color, series[s].Label);
        }

        for (var m = 0; m < markers.Count; m++)
        {
            var marker = markers[m];
            svg.Append($"<rect class=\"point marker\" x=\"{F(X(marker.X) - 5)}\" y=\"{F(Y(marker.Y) - 5)}\" width=\"10\" height=\"10\" fill=\"black\"><title>{E(marker.Label)}</title></rect>");
            svg.Append($"<text x=\"{F(X(marker.X) + 8)}\" y=\"{F(Y(marker.Y) + 4)}\" font-size=\"11\">{E(marker.Label)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Histogram of scores in equal-width bins.</summary>
    public static string Histogram(string title, IReadOnlyList<double> values, int bins, string xLabel)
    {
        double lo = values.Count == 0 ? 0 : values.Min(), hi = values.Count == 0 ? 1 : values.Max();
        if (hi <= lo) hi = lo + 1;
        var counts = new int[bins];
        foreach (var v in values)
            counts[Math.Min(bins - 1, (int)((v - lo) / (hi - lo) * bins))]++;
        double yMax = Math.Max(1, counts.Max());
        double X(double v) => Left + (Width - Left - Right) * (v - lo) / (hi - lo);
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - v / yMax);

        var svg = Open(title);
        AxesRange(svg, lo, hi, 0, yMax, X, Y, xLabel, "images");
        var barWidth = (hi - lo) / bins;
        for (var b = 0; b < bins; b++)
        {
            double x0 = X(lo + b * barWidth), x1 = X(lo + (b + 1) * barWidth);
            svg.Append($"<rect class=\"bar point\" x=\"{F(x0)}\" y=\"{F(Y(counts[b]))}\" width=\"{F(Math.Max(0.5, x1 - x0 - 1))}\" height=\"{F(Y(0) - Y(counts[b]))}\" fill=\"{Palette[0]}\"><title>{F(lo + b * barWidth)}..{F(lo + (b + 1) * barWidth)}: {counts[b]}</title></rect>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string title) => new StringBuilder()
        .Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\">")
        .Append($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{E(title)}</text>");

    private static void Axes(StringBuilder svg, double xMax, double yMin, double yMax, Func<double, double> x, Func<double, double> y, string xLabel, string yLabel, bool percent)
    {
        AxesRange(svg, 0, xMax, yMin, yMax, x, y, xLabel, yLabel, percent);
    }

    private static void AxesRange(StringBuilder svg, double xMin, double xMax, double yMin, double yMax, Func<double, double> x, Func<double, double> y,
        string xLabel, string yLabel, bool percent = false)
    {
        double x0 = x(xMin), x1 = x(xMax), y0 = y(yMin), y1 = y(yMax);
        svg.Append($"<line x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x1)}\" y2=\"{F(y0)}\" stroke=\"black\"/>");
        svg.Append($"<line x1=\"{F(x0)}\" y1=\"{F(y0)}\" x2=\"{F(x0)}\" y2=\"{F(y1)}\" stroke=\"black\"/>");
        for (var t = 0; t <= 5; t++)
        {
            var xv = xMin + (xMax - xMin) * t / 5;
            var yv = yMin + (yMax - yMin) * t / 5;
            svg.Append($"<text x=\"{F(x(xv))}\" y=\"{F(y0 + 16)}\" font-size=\"10\" text-anchor=\"middle\">{F(xv)}</text>");
            svg.Append($"<line x1=\"{F(x0)}\" y1=\"{F(y(yv))}\" x2=\"{F(x1)}\" y2=\"{F(y(yv))}\" stroke=\"#ddd\"/>");
            svg.Append($"<text x=\"{F(x0 - 6)}\" y=\"{F(y(yv) + 3)}\" font-size=\"10\" text-anchor=\"end\">{(percent ? F(100 * yv) : F(yv))}</text>");
        }

        svg.Append($"<text x=\"{F((x0 + x1) / 2)}\" y=\"{F(y0 + 36)}\" font-size=\"12\" text-anchor=\"middle\">{E(xLabel)}</text>");
        svg.Append($"<text x=\"14\" y=\"{F((y0 + y1) / 2)}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 {F((y0 + y1) / 2)})\">{E(yLabel)}</text>");
    }

    private static void Legend(StringBuilder svg, int index, string color, string label)
    {
        var y = Top + 8 + index * 15;
        var x = Width - Right + 12;
        svg.Append($"<line x1=\"{x}\" y1=\"{y}\" x2=\"{x + 18}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"2\"/>");
        svg.Append($"<text x=\"{x + 22}\" y=\"{y + 4}\" font-size=\"10\">{E(label)}</text>");
    }

    private static double Std(CurvePoint p) => double.IsNaN(p.Std) ? 0 : p.Std;

    private static string F(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
