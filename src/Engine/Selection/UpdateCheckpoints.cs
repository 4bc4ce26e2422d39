namespace AugBuild.Engine.Selection;

/// <summary>Where the <c>update</c> modifier refits and rescores.</summary>
public static class UpdateCheckpoints
{
    /// <summary>The paper's budget fractions of n (0.1%, 1%, 5%, 10%, 25%, 50%, 75%).</summary>
    public static IReadOnlyList<double> PaperFractions { get; } = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75];

    /// <summary>
    /// The grid for a single-budget run: each paper fraction of n, rounded to the nearest count (halves away from
    /// zero, like percentage budgets), that lies strictly between 0 and m, then m itself. Empty when m = 0.
    /// Example: n = 1000, m = 100 gives 1, 10, 50, 100.
    /// </summary>
    public static int[] Default(int n, int m)
    {
        if (m <= 0) return [];
        var grid = PaperFractions
            .Select(f => (int)Math.Round(f * n, MidpointRounding.AwayFromZero))
            .Where(c => c > 0 && c < m)
            .Append(m);
        return grid.Distinct().Order().ToArray();
    }
}
