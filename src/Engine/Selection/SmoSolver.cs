using System.Numerics.Tensors;

namespace AugBuild.Engine.Selection;

/// <summary>
/// SMO for the linear SVM dual (see <see cref="LinearSvm"/>): second-order working-set selection (WSS2 of Fan,
/// Chen and Lin 2005) and shrinking. Shrinking sets aside variables at a bound that cannot enter a working pair;
/// their gradients go stale and are rebuilt from w = sum a_t y_t x_t (the linear kernel makes that O(n d)) before
/// the final optimality check, so the stopping rule always holds over every variable.
/// </summary>
internal sealed class SmoSolver
{
    /// <summary>Curvature floor for a pair of identical points (the step is then bounded by the box).</summary>
    private const double Tau = 1e-12;

    private readonly GramCache _gram;
    private readonly int[] _subset;
    private readonly int[] _y;
    private readonly double _c;
    private readonly double[] _alpha;
    private readonly double[] _grad;     // G = Q a - 1, current for the active variables
    private readonly double[] _diag;
    private readonly int[] _active;      // local indices; the first _activeCount are active
    private int _activeCount;
    private bool _unshrunk;

    /// <param name="initialAlpha">
    /// Optional warm start, e.g. the solution for a smaller C on the same points: feasible as it stands (box [0, c] and
    /// sum y a = 0), so it is used unchanged; ignored when any value exceeds c.
    /// </param>
    public SmoSolver(GramCache gram, int[] subset, int[] y, double c, double[]? initialAlpha = null)
    {
        _gram = gram;
        _subset = subset;
        _y = y;
        _c = c;
        var m = subset.Length;
        _alpha = new double[m];
        _grad = new double[m];
        Array.Fill(_grad, -1.0);
        _diag = new double[m];
        for (var k = 0; k < m; k++)
            _diag[k] = gram.Diagonal[subset[k]];
        _active = Enumerable.Range(0, m).ToArray();
        _activeCount = m;
        if (initialAlpha is not null && initialAlpha.Length == m && initialAlpha.All(a => a >= 0 && a <= c))
        {
            initialAlpha.CopyTo(_alpha, 0);
            _activeCount = 0;   // marks every gradient stale, so Unshrink rebuilds them all from w
            Unshrink();
        }
    }

    /// <summary>Static switch for measuring; shrinking is on in production.</summary>
    internal static bool Shrinking { get; set; } = true;

    public readonly record struct Result(double[] Alpha, double Rho, long Iterations, bool Converged, double Violation);

    public Result Solve(double tolerance, long maxIterations)
    {
        var m = _subset.Length;
        var shrinkEvery = Math.Min(m, 1000);
        var counter = shrinkEvery;
        long iteration = 0;
        var converged = false;
        while (iteration < maxIterations)
        {
            if (--counter == 0 && Shrinking)
            {
                counter = shrinkEvery;
                Shrink(tolerance);
            }

            var violation = SelectPair(out var i, out var j);
            if (violation < tolerance || j < 0)
            {
                Unshrink();
                violation = SelectPair(out i, out j);
                if (violation < tolerance || j < 0)
                {
                    converged = true;
                    break;
                }

                counter = 1; // optimal on the shrunk set but not overall: shrink afresh next iteration
            }

            iteration++;
            Step(i, j);
        }

        Unshrink();
        var finalViolation = Math.Max(0, SelectPair(out _, out _));
        return new Result(_alpha, Rho(), iteration, converged || finalViolation < tolerance, finalViolation);
    }

    private bool InUp(int t) => _y[t] > 0 ? _alpha[t] < _c : _alpha[t] > 0;

    private bool InLow(int t) => _y[t] > 0 ? _alpha[t] > 0 : _alpha[t] < _c;

    /// <summary>
    /// WSS2 over the active set: i maximises -y_t G_t over I_up, j minimises -b_it^2 / a_it over I_low.
    /// Returns m(a) - M(a), the maximal KKT violation; j = -1 when no pair can improve.
    /// </summary>
    private double SelectPair(out int i, out int j)
    {
        var gMax = double.NegativeInfinity;
        i = -1;
        for (var k = 0; k < _activeCount; k++)
        {
            var t = _active[k];
            if (InUp(t) && -_y[t] * _grad[t] >= gMax)
            {
                gMax = -_y[t] * _grad[t];
                i = t;
            }
        }

        j = -1;
        if (i < 0) return 0;

        var rowI = _gram.Row(_subset[i]);
        var gMax2 = double.NegativeInfinity;
        var best = double.PositiveInfinity;
        for (var k = 0; k < _activeCount; k++)
        {
            var t = _active[k];
            if (!InLow(t)) continue;
            var yg = _y[t] * _grad[t];
            if (yg > gMax2) gMax2 = yg;
            var b = gMax + yg;
            if (b <= 0) continue;
            var a = _diag[i] + _diag[t] - 2 * rowI[_subset[t]];
            var objective = -b * b / (a > 0 ? a : Tau);
            if (objective <= best)
            {
                best = objective;
                j = t;
            }
        }

        return gMax + gMax2;
    }

    /// <summary>Solves the two-variable subproblem in (a_i, a_j) exactly, clips to the box, updates the active gradients.</summary>
    private void Step(int i, int j)
    {
        var alpha = _alpha;
        var c = _c;
        var rowI = _gram.Row(_subset[i]);
        var rowJ = _gram.Row(_subset[j]);
        var quad = _diag[i] + _diag[j] - 2 * rowI[_subset[j]];
        if (quad <= 0) quad = Tau;
        double oldI = alpha[i], oldJ = alpha[j];

        if (_y[i] != _y[j])
        {
            // a_i - a_j is conserved.
            var delta = (-_grad[i] - _grad[j]) / quad;
            var diff = oldI - oldJ;
            alpha[i] += delta;
            alpha[j] += delta;
            if (diff > 0)
            {
                if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; }
                if (alpha[i] > c) { alpha[i] = c; alpha[j] = c - diff; }
            }
            else
            {
                if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }
                if (alpha[j] > c) { alpha[j] = c; alpha[i] = c + diff; }
            }
        }
        else
        {
            // a_i + a_j is conserved.
            var delta = (_grad[i] - _grad[j]) / quad;
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
        var dI = (alpha[i] - oldI) * _y[i];
        var dJ = (alpha[j] - oldJ) * _y[j];
        for (var k = 0; k < _activeCount; k++)
        {
            var t = _active[k];
            var g = _subset[t];
            _grad[t] += _y[t] * (dI * rowI[g] + dJ * rowJ[g]);
        }
    }

    /// <summary>
    /// Deactivates bound variables whose gradient says they cannot be chosen (LIBSVM's rule). The first time the
    /// violation gets within 10x the tolerance, everything is reactivated once, so early guesses are revisited.
    /// </summary>
    private void Shrink(double tolerance)
    {
        double gMax1 = double.NegativeInfinity, gMax2 = double.NegativeInfinity;
        for (var k = 0; k < _activeCount; k++)
        {
            var t = _active[k];
            var yg = _y[t] * _grad[t];
            if (InUp(t)) gMax1 = Math.Max(gMax1, -yg);
            if (InLow(t)) gMax2 = Math.Max(gMax2, yg);
        }

        if (!_unshrunk && gMax1 + gMax2 <= tolerance * 10)
        {
            _unshrunk = true;
            Unshrink();
        }

        var kept = 0;
        for (var k = 0; k < _activeCount; k++)
        {
            var t = _active[k];
            if (CanShrink(t, gMax1, gMax2))
                continue;
            (_active[kept], _active[k]) = (_active[k], _active[kept]);
            kept++;
        }

        _activeCount = kept;
    }

    private bool CanShrink(int t, double gMax1, double gMax2)
    {
        var g = _grad[t];
        if (_alpha[t] >= _c)
            return _y[t] > 0 ? -g > gMax1 : -g > gMax2;
        if (_alpha[t] <= 0)
            return _y[t] > 0 ? g > gMax2 : g > gMax1;
        return false;
    }

    /// <summary>Reactivates every variable, rebuilding the stale gradients as G_t = y_t w . x_t - 1.</summary>
    private void Unshrink()
    {
        var m = _subset.Length;
        if (_activeCount == m) return;

        var w = new double[_gram.Dimension];
        for (var t = 0; t < m; t++)
        {
            if (_alpha[t] != 0)
                TensorPrimitives.MultiplyAdd(_gram.Point(_subset[t]), _alpha[t] * _y[t], w, w);
        }

        for (var k = _activeCount; k < m; k++)
        {
            var t = _active[k];
            _grad[t] = _y[t] * TensorPrimitives.Dot(w, _gram.Point(_subset[t])) - 1;
        }

        _activeCount = m;
    }

    /// <summary>
    /// rho = -b: the mean of y_t G_t over free variables (each equals rho at the optimum); with none free, the
    /// middle of the interval the bound variables allow.
    /// </summary>
    private double Rho()
    {
        double upper = double.PositiveInfinity, lower = double.NegativeInfinity, sum = 0;
        var free = 0;
        for (var t = 0; t < _alpha.Length; t++)
        {
            var yg = _y[t] * _grad[t];
            if (_alpha[t] >= _c)
            {
                if (_y[t] < 0) upper = Math.Min(upper, yg);
                else lower = Math.Max(lower, yg);
            }
            else if (_alpha[t] <= 0)
            {
                if (_y[t] > 0) upper = Math.Min(upper, yg);
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
