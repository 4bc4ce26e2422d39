namespace AugBuild.Engine.Selection;

/// <summary>
/// The orderings behind the policies. Each returns point indices, first-picked first. The candidate lists are
/// the points still to order (all of them, or the not-yet-selected ones under <c>update</c>).
/// </summary>
public static class Orderings
{
    /// <summary>Smallest replacement for a zero score (method.md: eps = min(smallest positive a, 1e-20)).</summary>
    public const double ZeroScoreFloor = 1e-20;

    /// <summary>A uniform random permutation of the candidates (Fisher-Yates).</summary>
    public static int[] Uniform(IReadOnlyList<int> candidates, SeededRandom rng)
    {
        var order = candidates.ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>Candidates by score, descending or ascending; ties by index ascending.</summary>
    public static int[] Sorted(IReadOnlyList<double> scores, IReadOnlyList<int> candidates, bool descending)
    {
        var order = candidates.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = descending ? scores[b].CompareTo(scores[a]) : scores[a].CompareTo(scores[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>
    /// Plackett-Luce: sequential sampling without replacement with probability proportional to w_i = a_i
    /// (or 1/a_i when <paramref name="inverse"/>), zero scores first replaced by eps. Exponential race: with
    /// U_i uniform, key_i = -log(U_i)/w_i is exponential with rate w_i and the ascending order of the keys is
    /// exactly a Plackett-Luce draw. Keys are compared as log(-log U_i) - log w_i, so 1/1e-20 cannot overflow.
    /// One U_i per candidate, drawn in candidate order.
    /// </summary>
    /// <param name="exponent">alpha of w_i = a_i^alpha (random-power); 1 for the paper's policies.</param>
    public static int[] PlackettLuce(IReadOnlyList<double> scores, IReadOnlyList<int> candidates, bool inverse, SeededRandom rng,
        double exponent = 1)
    {
        var logWeight = LogWeights(scores, candidates, inverse);
        if (exponent != 1)
        {
            for (var k = 0; k < logWeight.Length; k++)
                logWeight[k] *= exponent;
        }

        var keys = new double[candidates.Count];
        for (var k = 0; k < keys.Length; k++)
            keys[k] = Math.Log(-Math.Log(rng.NextOpenUnit())) - logWeight[k];

        var slots = Enumerable.Range(0, candidates.Count).ToArray();
        Array.Sort(slots, (a, b) =>
        {
            var c = keys[a].CompareTo(keys[b]);
            return c != 0 ? c : candidates[a].CompareTo(candidates[b]);
        });
        return slots.Select(s => candidates[s]).ToArray();
    }

    /// <summary>
    /// "Moderate": candidates by |a_i - median| ascending, ties by index; the median is over the candidates' scores
    /// (the mean of the two middle ones for an even count). Neither the easiest nor the hardest images come first.
    /// </summary>
    public static int[] NearestMedian(IReadOnlyList<double> scores, IReadOnlyList<int> candidates)
    {
        if (candidates.Count == 0) return [];
        var sorted = candidates.Select(i => scores[i]).Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
        var distance = new double[scores.Count];
        foreach (var i in candidates)
            distance[i] = Math.Abs(scores[i] - median);
        return Sorted(distance, candidates, descending: false);
    }

    /// <summary>
    /// log w for each candidate after the zero fix: zeros become eps = min(smallest positive candidate score, 1e-20);
    /// when every score is zero all weights are equal and the draw is uniform.
    /// </summary>
    public static double[] LogWeights(IReadOnlyList<double> scores, IReadOnlyList<int> candidates, bool inverse)
    {
        var eps = ZeroScoreFloor;
        foreach (var i in candidates)
        {
            if (scores[i] > 0 && scores[i] < eps)
                eps = scores[i];
        }

        var logs = new double[candidates.Count];
        for (var k = 0; k < logs.Length; k++)
        {
            var a = scores[candidates[k]];
            var log = Math.Log(a > 0 ? a : eps);
            logs[k] = inverse ? -log : log;
        }

        return logs;
    }
}
