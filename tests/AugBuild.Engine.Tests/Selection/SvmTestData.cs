using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Tests.Selection;

/// <summary>Small problems whose SVM solutions are known by hand, and random overlapping clouds.</summary>
internal static class SvmTestData
{
    /// <summary>
    /// Two diamonds around (8, 3) and (2, 3). The closest pair across the hulls is (7,3)-(3,3), 4 apart, so the
    /// maximum-margin solution is w = (0.5, 0), b = -2.5 (margin 2); its only support vectors are points 0 and 4,
    /// each with alpha = 1/8 (w = a (7,3) - a (3,3) = (4a, 0)). The other points have margins 1.5 and 2.
    /// </summary>
    public static (double[] X, int[] Y) Diamonds() =>
        ([7, 3, 8, 4, 8, 2, 9, 3, 3, 3, 2, 4, 2, 2, 1, 3], [1, 1, 1, 1, -1, -1, -1, -1]);

    /// <summary>
    /// Positives (2,1), (2,-1), (4,0); negatives (0,0), (-2,1), (-2,-1). Solution w = (1,0), b = -1 with three
    /// support vectors: w = a1 (2,1) + a2 (2,-1) gives a1 = a2 = 1/4, and sum y a = 0 gives a3 = 1/2.
    /// </summary>
    public static (double[] X, int[] Y) Triangle() =>
        ([2, 1, 2, -1, 0, 0, 4, 0, -2, 1, -2, -1], [1, 1, -1, 1, -1, -1]);

    /// <summary>n points in d dimensions: class k (0..classes-1) is a unit Gaussian around spread * e_(k mod d).</summary>
    public static (double[] X, int[] Labels) Clouds(int n, int d, int classes, double spread, long seed)
    {
        var rng = new SeededRandom(seed);
        var x = new double[n * d];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % classes;
            for (var t = 0; t < d; t++)
                x[i * d + t] = Gaussian(rng) + (t == labels[i] % d ? spread : 0);
        }

        return (x, labels);
    }

    public static double Gaussian(SeededRandom rng) =>
        Math.Sqrt(-2 * Math.Log(rng.NextOpenUnit())) * Math.Cos(2 * Math.PI * rng.NextOpenUnit());

    public static double Dot(double[] x, int i, int d, double[] w)
    {
        var s = 0.0;
        for (var t = 0; t < d; t++) s += x[i * d + t] * w[t];
        return s;
    }
}
