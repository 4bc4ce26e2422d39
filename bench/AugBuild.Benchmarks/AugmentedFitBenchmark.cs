using System.Diagnostics;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Selection;

namespace AugBuild.Benchmarks;

/// <summary>
/// Times the fits an experiment (or select --update) makes: the originals plus k near-copies of m of them, plain
/// and downweighted, fitted (a) from zero and (b) by <see cref="ExtendedFits"/>, from the originals' optimum.
/// </summary>
internal static class AugmentedFitBenchmark
{
    public static void Run(int n, int d, int k, int copies, double c)
    {
        var originals = InfluenceBenchmark.Synthetic(n, d, k, seed: 42);
        var rows = Enumerable.Range(0, n).Select(i => Floats(originals.Row(i))).ToList();
        var rng = new Random(7);
        // A copy is its original moved by a small perturbation (10% of the feature noise), like a 2-pixel shift.
        var copyRows = rows.Select(r => Enumerable.Range(0, copies).Select(_ => r.Select(v => v + (float)(0.1 * (rng.NextDouble() - 0.5))).ToArray()).ToArray()).ToList();
        Console.WriteLine($"n={n} d={d} K={k} p={(k - 1) * (d + 1)} copies={copies} C={c}; {Environment.ProcessorCount} cores");

        var sw = Stopwatch.StartNew();
        var fits = new ExtendedFits(originals, c);
        var baseModel = fits.Base;
        Console.WriteLine($"originals fit: {sw.Elapsed.TotalSeconds:F2} s ({baseModel.Iterations} steps, {baseModel.Factorizations} factorisations)");

        double coldTotal = 0, warmTotal = 0;
        foreach (var m in new[] { 10, 100, 500, n }.Where(m => m <= n).Distinct())
        {
            foreach (var downweight in new[] { false, true })
            {
                var set = Enumerable.Range(0, m).Select(i => i * (n / m)).ToArray();
                var weights = downweight ? Downweighting.Weights(n, set, copies) : null;
                var data = AugmentedTraining.Build(rows, originals.Labels, k, set, set.Select(i => copyRows[i]).ToList(), weights);

                sw.Restart();
                var cold = SoftmaxRegression.Fit(data, c);
                var tCold = sw.Elapsed.TotalSeconds;
                sw.Restart();
                var warm = fits.Fit(data);
                var tWarm = sw.Elapsed.TotalSeconds;
                var gap = cold.Parameters.Zip(warm.Parameters, (a, b) => Math.Abs(a - b)).Max();
                Console.WriteLine($"m={m,5} {(downweight ? "downweight" : "plain     ")}: from zero {tCold,6:F2} s ({cold.Iterations} steps, {cold.Factorizations} factorisations); " +
                    $"from the originals' optimum {tWarm,6:F2} s ({warm.Iterations} steps, {warm.Factorizations} factorisations); max |theta gap| {gap:G2}");
                coldTotal += tCold;
                warmTotal += tWarm;
            }
        }

        Console.WriteLine($"total: from zero {coldTotal:F2} s, from the originals' optimum {warmTotal:F2} s ({coldTotal / warmTotal:F1}x)");
    }

    private static float[] Floats(ReadOnlySpan<double> row)
    {
        var result = new float[row.Length];
        for (int i = 0; i < row.Length; i++) result[i] = (float)row[i];
        return result;
    }
}
