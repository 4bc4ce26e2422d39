using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>
/// Binary linear SVM with hinge loss, L2 penalty on w and a true, unregularised bias:
/// min_{w,b} 1/2 ||w||^2 + C sum_i max(0, 1 - y_i (w . x_i + b)).
/// Solved in the dual, min_a 1/2 a'Qa - 1'a subject to 0 &lt;= a_i &lt;= C and sum_i y_i a_i = 0 with
/// Q_ij = y_i y_j x_i . x_j, by SMO (<see cref="SmoSolver"/>: second-order working-set selection of Fan, Chen and
/// Lin 2005, with shrinking). The Gram rows x_i . x_j are cached (<see cref="GramCache"/>). The equality
/// constraint is what an unregularised bias costs: single-coordinate descent (Hsieh et al. 2008) cannot keep it,
/// so each step moves a pair. The solver stops when the maximal KKT violation m(a) - M(a) is below the
/// tolerance, in margin units, so free support vectors satisfy y_i f(x_i) = 1 to about that accuracy.
/// </summary>
public static class LinearSvm
{
    public const double DefaultTolerance = 1e-8;

    /// <summary>Trains on row-major <paramref name="features"/> (n x <paramref name="dimension"/>) with labels +1/-1.</summary>
    public static SvmSolution Train(double[] features, int dimension, int[] signs, double c,
        double tolerance = DefaultTolerance, long? maxIterations = null)
    {
        if (dimension <= 0 || features.Length != (long)signs.Length * dimension)
            throw new ArgumentException($"SVM features hold {features.Length} values, not {signs.Length} points x {dimension} dimensions.", nameof(features));
        if (signs.Any(s => s is not (1 or -1)))
            throw new ArgumentException("SVM labels must be +1 or -1.", nameof(signs));

        var gram = new GramCache(features, dimension);
        var subset = Enumerable.Range(0, signs.Length).ToArray();
        return Train(gram, subset, signs, c, tolerance, maxIterations ?? DefaultMaxIterations(signs.Length));
    }

    /// <summary>Iteration cap: LIBSVM's max(1e6, 100 n); hitting it leaves <see cref="SvmSolution.Converged"/> false.</summary>
    internal static long DefaultMaxIterations(int n) => Math.Max(1_000_000L, 100L * n);

    /// <summary>Trains on the points <paramref name="subset"/> (global indices into <paramref name="gram"/>) with labels y (+1/-1, one per subset entry).</summary>
    internal static SvmSolution Train(GramCache gram, int[] subset, int[] y, double c, double tolerance, long maxIterations,
        double[]? warmStart = null)
    {
        if (!double.IsFinite(c) || c <= 0)
            throw new ArgumentException($"SVM C must be positive and finite, not {c}.", nameof(c));

        var m = subset.Length;
        var alpha = new double[m];
        if (m == 0 || y.All(s => s == y[0]))
            return OneClass(gram.Dimension, alpha, m == 0 ? -1 : y[0], c);

        var result = new SmoSolver(gram, subset, y, c, warmStart).Solve(tolerance, maxIterations);
        alpha = result.Alpha;
        var weights = new double[gram.Dimension];
        for (var k = 0; k < m; k++)
        {
            if (alpha[k] == 0) continue;
            var coefficient = alpha[k] * y[k];
            var x = gram.Point(subset[k]);
            for (var t = 0; t < weights.Length; t++)
                weights[t] += coefficient * x[t];
        }

        return new SvmSolution
        {
            Alpha = alpha,
            Weights = weights,
            Bias = -result.Rho,
            C = c,
            Iterations = (int)Math.Min(result.Iterations, int.MaxValue),
            Converged = result.Converged,
            KktViolation = result.Violation,
        };

        static SvmSolution OneClass(int dimension, double[] alpha, int sign, double c) => new()
        {
            // Only one label: sum y_i a_i = 0 forces a = 0, and the best constant is that label.
            Alpha = alpha,
            Weights = new double[dimension],
            Bias = sign,
            C = c,
            Iterations = 0,
            Converged = true,
            KktViolation = 0,
        };
    }
}
