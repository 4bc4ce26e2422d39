using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>
/// Binary linear SVM with hinge loss, L2 penalty on w and a true, unregularised bias:
/// min_{w,b} 1/2 ||w||^2 + C sum_i max(0, 1 - y_i (w . x_i + b)).
/// Solved in the dual, min_a 1/2 a'Qa - 1'a subject to 0 &lt;= a_i &lt;= C and sum_i y_i a_i = 0 with
/// Q_ij = y_i y_j x_i . x_j, by SMO with second-order working-set selection (Fan, Chen and Lin 2005). The equality
/// constraint is what an unregularised bias costs: single-coordinate descent (Hsieh et al. 2008) cannot keep it,
/// so each step moves a pair. The solver stops when the maximal KKT violation m(a) - M(a) is below the
/// tolerance, in margin units, so free support vectors satisfy y_i f(x_i) = 1 to about that accuracy.
/// </summary>
public static class LinearSvm
{
    public const double DefaultTolerance = 1e-8;

    /// <summary>Curvature floor for a pair of identical points (the step is then bounded by the box).</summary>
    private const double Tau = 1e-12;

    /// <summary>Trains on row-major <paramref name="features"/> (n x <paramref name="dimension"/>) with labels +1/-1.</summary>
    public static SvmSolution Train(double[] features, int dimension, int[] signs, double c,
        double tolerance = DefaultTolerance, long? maxIterations = null)
    {
        if (dimension <= 0 || features.Length != (long)signs.Length * dimension)
            throw new AugBuildException(SelectionErrors.SvmInputInvalid,
                $"SVM features hold {features.Length} values, not {signs.Length} points x {dimension} dimensions.", "features");
        if (signs.Any(s => s is not (1 or -1)))
            throw new AugBuildException(SelectionErrors.SvmInputInvalid, "SVM labels must be +1 or -1.", "labels");

        var gram = new GramCache(features, dimension);
        var subset = Enumerable.Range(0, signs.Length).ToArray();
        return Train(gram, subset, signs, c, tolerance, maxIterations ?? DefaultMaxIterations(signs.Length));
    }

    internal static long DefaultMaxIterations(int n) => Math.Max(1_000_000L, 100L * n);

    /// <summary>Trains on the points <paramref name="subset"/> (global indices into <paramref name="gram"/>) with labels y (+1/-1, one per subset entry).</summary>
    internal static SvmSolution Train(GramCache gram, int[] subset, int[] y, double c, double tolerance, long maxIterations)
    {
        if (!double.IsFinite(c) || c <= 0)
            throw new AugBuildException(SelectionErrors.SvmInputInvalid, $"SVM C must be positive and finite, not {c}.", "C");

        var m = subset.Length;
        var alpha = new double[m];
        var grad = new double[m];            // G = Q alpha - 1
        Array.Fill(grad, -1.0);

        if (m == 0 || y.All(s => s == y[0]))
            return OneClass(gram.Dimension, alpha, m == 0 ? -1 : y[0], c);

        var diag = new double[m];
        for (var k = 0; k < m; k++)
            diag[k] = gram.Diagonal[subset[k]];

        long iteration = 0;
        double violation;
        while (true)
        {
            violation = SelectPair(gram, subset, y, alpha, grad, diag, c, out var i, out var j);
            if (violation < tolerance || j < 0 || iteration >= maxIterations)
                break;
            iteration++;
            Step(gram, subset, y, alpha, grad, diag, c, i, j);
        }

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
            Bias = -Rho(y, alpha, grad, c),
            C = c,
            Iterations = (int)Math.Min(iteration, int.MaxValue),
            Converged = violation < tolerance,
            KktViolation = Math.Max(0, violation),
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

    /// <summary>
    /// Working-set selection WSS2: i maximises -y_t G_t over I_up, j minimises -b_it^2 / a_it over I_low.
    /// Returns the maximal violation m(a) - M(a); j = -1 when no pair can improve.
    /// </summary>
    private static double SelectPair(GramCache gram, int[] subset, int[] y, double[] alpha, double[] grad, double[] diag,
        double c, out int i, out int j)
    {
        var gMax = double.NegativeInfinity;
        i = -1;
        for (var t = 0; t < alpha.Length; t++)
        {
            var inUp = y[t] > 0 ? alpha[t] < c : alpha[t] > 0;
            if (inUp && -y[t] * grad[t] >= gMax)
            {
                gMax = -y[t] * grad[t];
                i = t;
            }
        }

        j = -1;
        if (i < 0) return 0;

        var rowI = gram.Row(subset[i]);
        var gMax2 = double.NegativeInfinity;
        var best = double.PositiveInfinity;
        for (var t = 0; t < alpha.Length; t++)
        {
            var inLow = y[t] > 0 ? alpha[t] > 0 : alpha[t] < c;
            if (!inLow) continue;
            var yg = y[t] * grad[t];               // = -(-y_t G_t)
            if (yg > gMax2) gMax2 = yg;
            var b = gMax + yg;
            if (b <= 0) continue;
            var a = diag[i] + diag[t] - 2 * rowI[subset[t]];
            var objective = -b * b / (a > 0 ? a : Tau);
            if (objective <= best)
            {
                best = objective;
                j = t;
            }
        }

        return gMax + gMax2;
    }

    /// <summary>Solves the two-variable subproblem in (alpha_i, alpha_j) exactly, clips to the box, updates G.</summary>
    private static void Step(GramCache gram, int[] subset, int[] y, double[] alpha, double[] grad, double[] diag,
        double c, int i, int j)
    {
        var rowI = gram.Row(subset[i]);
        var rowJ = gram.Row(subset[j]);
        var kij = rowI[subset[j]];
        var quad = diag[i] + diag[j] - 2 * kij;
        if (quad <= 0) quad = Tau;
        double oldI = alpha[i], oldJ = alpha[j];

        if (y[i] != y[j])
        {
            // alpha_i - alpha_j is conserved.
            var delta = (-grad[i] - grad[j]) / quad;
            var diff = oldI - oldJ;
            alpha[i] += delta;
            alpha[j] += delta;
            if (diff > 0)
            {
                if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; }
            }
            else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }

            if (diff > 0)
            {
                if (alpha[i] > c) { alpha[i] = c; alpha[j] = c - diff; }
            }
            else if (alpha[j] > c) { alpha[j] = c; alpha[i] = c + diff; }
        }
        else
        {
            // alpha_i + alpha_j is conserved.
            var delta = (grad[i] - grad[j]) / quad;
            var sum = oldI + oldJ;
            alpha[i] -= delta;
            alpha[j] += delta;
            if (sum > c)
            {
                if (alpha[i] > c) { alpha[i] = c; alpha[j] = sum - c; }
                if (alpha[j] > c) { alpha[j] = c; alpha[i] = sum - c; }
            }
            else
            {
                if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; }
                if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; }
            }
        }

        // G_t += Q_ti dA_i + Q_tj dA_j with Q_ts = y_t y_s K_ts.
        var dI = (alpha[i] - oldI) * y[i];
        var dJ = (alpha[j] - oldJ) * y[j];
        for (var t = 0; t < alpha.Length; t++)
            grad[t] += y[t] * (dI * rowI[subset[t]] + dJ * rowJ[subset[t]]);
    }

    /// <summary>
    /// rho = -b: the mean of y_t G_t over free alphas (each equals rho at the optimum); with none free, the middle
    /// of the interval the bound alphas allow.
    /// </summary>
    private static double Rho(int[] y, double[] alpha, double[] grad, double c)
    {
        double upper = double.PositiveInfinity, lower = double.NegativeInfinity, sum = 0;
        var free = 0;
        for (var t = 0; t < alpha.Length; t++)
        {
            var yg = y[t] * grad[t];
            if (alpha[t] >= c)
            {
                if (y[t] < 0) upper = Math.Min(upper, yg);
                else lower = Math.Max(lower, yg);
            }
            else if (alpha[t] <= 0)
            {
                if (y[t] > 0) upper = Math.Min(upper, yg);
                else lower = Math.Max(lower, yg);
            }
            else
            {
                free++;
                sum += yg;
            }
        }

        return free > 0 ? sum / free : (upper + lower) / 2;
    }
}
