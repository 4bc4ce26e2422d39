namespace AugBuild.Engine.Learning;

/// <summary>How alike two score vectors rank the same points (block against exact influence, in tests and benchmarks).</summary>
internal static class RankAgreement
{
    /// <summary>|top(a) n top(b)| / m for the m = max(1, fraction n) highest scores of each.</summary>
    public static double TopOverlap(double[] a, double[] b, double fraction)
    {
        int m = Math.Max(1, (int)(a.Length * fraction));
        var top = (double[] s) => Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).Take(m).ToHashSet();
        var ta = top(a);
        return (double)top(b).Count(ta.Contains) / m;
    }

    /// <summary>Pearson correlation of the ranks (ties ranked by position; scores are continuous).</summary>
    public static double Spearman(double[] a, double[] b)
    {
        var ra = Ranks(a);
        var rb = Ranks(b);
        double ma = ra.Average(), mb = rb.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    private static double[] Ranks(double[] s)
    {
        var order = Enumerable.Range(0, s.Length).OrderBy(i => s[i]).ToArray();
        var ranks = new double[s.Length];
        for (int r = 0; r < order.Length; r++) ranks[order[r]] = r;
        return ranks;
    }
}
