using System.Numerics.Tensors;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>
/// Fits the L2-regularised softmax probe to ||grad L|| &lt;= Tolerance * max(1, ||grad L(0)||). By default the fit is
/// matrix-free (<see cref="TruncatedNewton"/>): no p x p Hessian, so any K and d whose data fits in memory. The
/// dense solver (<see cref="FitSolver.Dense"/>) is Newton's method with a backtracking (Armijo) line search: the
/// first step factors the exact Hessian (blocked kernels); later steps solve the Newton system by conjugate
/// gradients preconditioned with that factor, and a fresh factor is built whenever CG needs more than
/// <see cref="MaxCgIterations"/> products or its step fails the line search.
/// </summary>
public static class SoftmaxRegression
{
    private const double Armijo = 1e-4;
    private const int MaxHalvings = 50;
    private const int MaxCgIterations = 20;

    public static SoftmaxModel Fit(TrainingSet data, double c, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new FitOptions();
        ValidateC(c);
        RequireEveryClass(data);
        int k = data.ClassCount, d = data.Dimension, p = (k - 1) * (d + 1);
        double lambda = 1.0 / c;
        bool parallel = options.Parallel;

        var theta = options.InitialParameters is { } init ? (double[])init.Clone() : new double[p];
        if (theta.Length != p)
            throw new ArgumentException($"Initial parameters have {theta.Length} values; this problem needs {p}.", nameof(options));

        if (options.Solver == FitSolver.MatrixFree && options.ReuseHessian)
        {
            var result = TruncatedNewton.Minimize(data, lambda, theta, options);
            WarnIfNotConverged(options.Reporter, result.Iterations, result.GradientNorm, result.Threshold);
            return new SoftmaxModel(k, d, c, result.Theta)
            {
                Iterations = result.Iterations, HessianVectorProducts = result.Products, GradientNorm = result.GradientNorm,
            };
        }

        var (probs, losses) = SoftmaxObjective.Evaluate(theta, data, parallel);
        double value = SoftmaxObjective.Value(theta, data, lambda, losses);
        var gradient = SoftmaxObjective.Gradient(theta, data, lambda, probs, parallel);
        double reference = Math.Max(1.0, ReferenceGradientNorm(data, lambda, theta, gradient, parallel));
        double threshold = options.Tolerance * reference;
        double norm = TensorPrimitives.Norm(gradient);

        int iteration = 0;
        HessianFactor? lagged = null;
        int factorizations = 0;
        bool refactor = true;
        int products = 0;
        for (; iteration < options.MaxIterations && norm > threshold; iteration++)
        {
            // Newton direction: conjugate gradients preconditioned by the last factored Hessian when that
            // converges quickly (the Hessian changes little between late steps); otherwise a fresh exact factor.
            double forcing = Math.Min(0.1, Math.Sqrt(norm / reference));
            int productsBefore = products;
            var step = refactor || lagged is null ? null : PreconditionedCg(data, lambda, probs, gradient, lagged, forcing, parallel, ref products);
            bool exact = step is null;
            if (step is null)
            {
                var h = SoftmaxObjective.Hessian(data, lambda, probs, parallel);
                lagged = HessianFactor.Factorize(h, p, options.Reporter, parallel);
                factorizations++;
                step = lagged.Solve(gradient);
                TensorPrimitives.Negate(step, step);
            }

            double slope = TensorPrimitives.Dot(gradient, step);
            double t = 1;
            var trial = new double[p];
            bool accepted = false;
            for (int halving = 0; halving < MaxHalvings; halving++, t *= 0.5)
            {
                TensorPrimitives.MultiplyAdd(step, t, theta, trial);
                var (trialProbs, trialLosses) = SoftmaxObjective.Evaluate(trial, data, parallel);
                double trialValue = SoftmaxObjective.Value(trial, data, lambda, trialLosses);
                // The rounding slack lets the last, tiny steps through when L is flat to machine precision.
                if (trialValue <= value + Armijo * t * slope + 1e-15 * Math.Abs(value))
                {
                    (theta, probs, value, accepted) = (trial, trialProbs, trialValue, true);
                    break;
                }
            }

            if (!accepted)
            {
                if (exact) break;
                refactor = true; // a CG step that fails the line search: retry with an exact Newton step
                continue;
            }

            // A CG solve that needed many products means the factor has gone stale: refresh it before CG stalls.
            refactor = !options.ReuseHessian || products - productsBefore > MaxCgIterations / 2;
            gradient = SoftmaxObjective.Gradient(theta, data, lambda, probs, parallel);
            norm = TensorPrimitives.Norm(gradient);
            if (options.ProgressStage is { } stage) options.Reporter.Progress(stage, iteration + 1, options.MaxIterations, ProgressUnits.Iterations);
        }

        WarnIfNotConverged(options.Reporter, iteration, norm, threshold);

        return new SoftmaxModel(k, d, c, theta) { Iterations = iteration, Factorizations = factorizations, HessianVectorProducts = products, GradientNorm = norm };
    }

    /// <summary>
    /// Solves H s = -g to relative residual <paramref name="forcing"/> by conjugate gradients with the factored
    /// preconditioner; null when that takes more than <see cref="MaxCgIterations"/> products (refactor instead).
    /// </summary>
    private static double[]? PreconditionedCg(TrainingSet data, double lambda, double[] probs, double[] gradient,
        HessianFactor preconditioner, double forcing, bool parallel, ref int products)
    {
        int p = gradient.Length;
        var x = new double[p];
        var r = new double[p];
        TensorPrimitives.Negate(gradient, r);
        double target = forcing * TensorPrimitives.Norm(r);
        var z = preconditioner.Solve(r);
        var d = (double[])z.Clone();
        double rz = TensorPrimitives.Dot(r, z);
        for (int it = 0; it < MaxCgIterations; it++)
        {
            var q = SoftmaxObjective.HessianVector(data, lambda, probs, d, parallel);
            products++;
            double curvature = TensorPrimitives.Dot(d, q);
            if (!(curvature > 0)) return null;
            double alpha = rz / curvature;
            TensorPrimitives.MultiplyAdd(d, alpha, x, x);
            TensorPrimitives.MultiplyAdd(q, -alpha, r, r);
            if (TensorPrimitives.Norm(r) <= target) return x;
            z = preconditioner.Solve(r);
            double rzNext = TensorPrimitives.Dot(r, z);
            TensorPrimitives.MultiplyAdd(d, rzNext / rz, z, d);
            rz = rzNext;
        }

        return null;
    }

    private static void WarnIfNotConverged(IReporter reporter, int iterations, double norm, double threshold)
    {
        if (norm > threshold)
        {
            reporter.Warning(LearningErrors.NotConverged,
                $"The probe fit stopped after {iterations} Newton steps with gradient norm {norm:G3} (target {threshold:G3}); scores may be slightly off. Lower C or scale the features.", "--C");
        }
    }

    /// <summary>||grad L(0)||, the scale the relative tolerance refers to (independent of the starting point).</summary>
    internal static double ReferenceGradientNorm(TrainingSet data, double lambda, double[] theta, double[] gradient, bool parallel)
    {
        if (TensorPrimitives.MaxMagnitude(theta) == 0) return TensorPrimitives.Norm(gradient);
        var zero = new double[theta.Length];
        var (probs, _) = SoftmaxObjective.Evaluate(zero, data, parallel);
        return TensorPrimitives.Norm(SoftmaxObjective.Gradient(zero, data, lambda, probs, parallel));
    }

    internal static void ValidateC(double c)
    {
        if (!(c > 0) || double.IsInfinity(c))
            throw new ArgumentException($"The regularisation C must be a positive finite number, got {c}.", nameof(c));
    }

    private static void RequireEveryClass(TrainingSet data)
    {
        if (data.Count == 0)
            throw new ArgumentException("The training set has no rows.", nameof(data));
        var mass = new double[data.ClassCount];
        for (int i = 0; i < data.Count; i++) mass[data.Labels[i]] += data.Weights[i];
        for (int c = 0; c < mass.Length; c++)
        {
            if (!(mass[c] > 0))
            {
                throw new AugBuildException(LearningErrors.EmptyClass,
                    $"Class {c} has no training row with positive weight, so the probe cannot fit it. Add images of that class or drop it from the class list.",
                    "--images");
            }
        }
    }
}
