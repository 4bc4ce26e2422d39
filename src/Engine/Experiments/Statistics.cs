namespace AugBuild.Engine.Experiments;

/// <summary>Mean and sample standard deviation (n - 1), as the paper reports over rounds.</summary>
public static class Statistics
{
    public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Sum() / values.Count;

    /// <summary>NaN for fewer than two values (a deterministic policy runs once and has no spread).</summary>
    public static double SampleStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        var mean = Mean(values);
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
