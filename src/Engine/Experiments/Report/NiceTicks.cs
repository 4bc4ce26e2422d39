namespace AugBuild.Engine.Experiments.Report;

/// <summary>
/// Axis ticks a person reads: a step of 1, 2, 2.5 or 5 times a power of ten, and the range widened to whole steps
/// (so 84.508 never appears; 84, 85, 86 does).
/// </summary>
public sealed record NiceTicks(double Min, double Max, double Step)
{
    public IEnumerable<double> Values
    {
        get
        {
            var count = (int)Math.Round((Max - Min) / Step);
            for (var i = 0; i <= count; i++)
                yield return Math.Round(Min + i * Step, Decimals + 2);
        }
    }

    /// <summary>Decimals needed to print every tick exactly.</summary>
    public int Decimals => Enumerable.Range(0, 12).First(d => Math.Abs(Step * Math.Pow(10, d) - Math.Round(Step * Math.Pow(10, d))) < 1e-6 || d == 11);

    public string Format(double value) => value.ToString("F" + Decimals, System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="integers">Steps of at least 1 (counts of images).</param>
    public static NiceTicks For(double min, double max, int target = 5, bool integers = false)
    {
        if (!(max > min)) (min, max) = (min - 0.5, max + 0.5);
        var raw = (max - min) / target;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * power).First(s => s >= raw * 0.999);
        if (integers) step = Math.Max(1, Math.Round(step));
        return new NiceTicks(Math.Floor(min / step + 1e-9) * step, Math.Ceiling(max / step - 1e-9) * step, step);
    }
}
