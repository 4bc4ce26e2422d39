using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>
/// The matrix-free fit: truncated Newton (Newton-CG) with an Armijo line search. Each Newton direction solves
/// H s = -g by conjugate gradients on Hessian-vector products (two thin GEMMs, O(n d K)) to the forcing tolerance
/// min(0.5, sqrt(||g|| / ||g_0||)) ||g||, so convergence is superlinear and the p x p Hessian is never formed.
/// </summary>
/// <remarks>
/// CG runs in centred coordinates: with mu the weighted feature mean, phi = (w, b + w^T mu) gives logits
/// w^T (x - mu) + b', the same objective (the penalty is on w only) and the same optimum, but without the huge
/// eigenvalue that the features' common mean puts into H (ResNet features are non-negative, so it dominates).
/// The change of variables theta = J phi is applied to vectors in O(p), so the kernels stay those of theta.
/// </remarks>
internal static class TruncatedNewton
{
    private const double Armijo = 1e-4;
    private const int MaxHalvings = 50;
    private const double FinalStepMargin = 0.1;

    internal readonly record struct Result(double[] Theta, int Iterations, int Products, double GradientNorm, double Threshold);

    public static Result Minimize(TrainingSet data, double lambda, double[] theta, FitOptions options)
    {
        int k1 = data.ClassCount - 1, d = data.Dimension, p = theta.Length;
        bool parallel = options.Parallel;
        var centring = new Centring(WeightedMean(data), k1);
        int maxCg = options.MaxCgIterations > 0 ? options.MaxCgIterations : Math.Max(50, 2 * p);

        var (probs, losses) = SoftmaxObjective.Evaluate(theta, data, parallel);
        double value = SoftmaxObjective.Value(theta, data, lambda, losses);
        var gradient = SoftmaxObjective.Gradient(theta, data, lambda, probs, parallel);
        double reference = Math.Max(1.0, SoftmaxRegression.ReferenceGradientNorm(data, lambda, theta, gradient, parallel));
        double threshold = options.Tolerance * reference;
        double norm = TensorPrimitives.Norm(gradient);
        var progress = new FitProgress(options.Reporter, options.ProgressStage, reference, threshold);

        int iteration = 0, products = 0;
        var trial = new double[p];
        // Converged: under the threshold, and (unless the start already was) by a step solved well below it. CG
        // stops at its target, so a step that just crosses the threshold is followed by one polishing step, as
        // accurate as an exact Newton step: the optimum then matches the dense solver's to its precision.
        bool polished = false;
        bool Converged() => norm <= threshold && (iteration == 0 || polished || norm <= FinalStepMargin * threshold);
        for (; iteration < options.MaxIterations && !Converged(); iteration++)
        {
            var g = centring.Transpose(gradient); // the gradient in phi coordinates
            // Never solve below the margin: a residual under it already lands the gradient well inside the threshold.
            double target = Math.Min(0.5, Math.Sqrt(norm / reference)) * norm;
            polished = target < threshold;
            target = Math.Max(target, FinalStepMargin * threshold);
            var step = centring.Apply(ConjugateGradients(data, lambda, probs, g, target, maxCg, centring, parallel, ref products));

            double slope = TensorPrimitives.Dot(gradient, step);
            if (!(slope < 0)) break; // CG found no descent direction: L is flat to working precision
            bool accepted = false;
            double t = 1;
            for (int halving = 0; halving < MaxHalvings; halving++, t *= 0.5)
            {
                TensorPrimitives.MultiplyAdd(step, t, theta, trial);
                var (trialProbs, trialLosses) = SoftmaxObjective.Evaluate(trial, data, parallel);
                double trialValue = SoftmaxObjective.Value(trial, data, lambda, trialLosses);
                // The rounding slack lets the last, tiny steps through when L is flat to machine precision.
                if (trialValue <= value + Armijo * t * slope + 1e-15 * Math.Abs(value))
                {
                    (theta, trial) = (trial, theta);
                    (probs, value, accepted) = (trialProbs, trialValue, true);
                    break;
                }
            }

            if (!accepted) break;
            gradient = SoftmaxObjective.Gradient(theta, data, lambda, probs, parallel);
            norm = TensorPrimitives.Norm(gradient);
            progress.Report(norm);
        }

        progress.Finish(iteration);
        return new Result(theta, iteration, products, norm, threshold);
    }

    /// <summary>
    /// Solves J^T H J s = -g (g already in phi coordinates) until the residual, mapped back to theta coordinates
    /// (where it is about the next gradient), has norm at most <paramref name="target"/>;
    /// stops early at non-positive curvature (then returns the last iterate, or -g on the first iteration).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] ConjugateGradients(TrainingSet data, double lambda, double[] probs, double[] g, double target,
        int maxIterations, Centring centring, bool parallel, ref int products)
    {
        int p = g.Length;
        var x = new double[p];
        var r = new double[p];
        TensorPrimitives.Negate(g, r);
        var direction = (double[])r.Clone();
        var applied = new double[p]; // J d, reused: a fresh p-vector per product is large-object garbage at K = 100
        double rr = TensorPrimitives.Dot(r, r);
        double targetSquared = target * target;
        for (int it = 0; it < maxIterations && centring.ThetaNormSquared(r) > targetSquared; it++)
        {
            centring.ApplyInto(direction, applied);
            var q = SoftmaxObjective.HessianVector(data, lambda, probs, applied, parallel);
            centring.TransposeInPlace(q);
            products++;
            double curvature = TensorPrimitives.Dot(direction, q);
            if (!(curvature > 0))
            {
                if (it == 0) r.CopyTo(x);
                break;
            }

            double alpha = rr / curvature;
            TensorPrimitives.MultiplyAdd(direction, alpha, x, x);
            TensorPrimitives.MultiplyAdd(q, -alpha, r, r);
            double rrNext = TensorPrimitives.Dot(r, r);
            TensorPrimitives.MultiplyAdd(direction, rrNext / rr, r, direction);
            rr = rrNext;
        }

        return x;
    }

    private static double[] WeightedMean(TrainingSet data)
    {
        int d = data.Dimension;
        var mean = new double[d];
        double total = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double c = data.Weights[i];
            if (c == 0) continue;
            TensorPrimitives.MultiplyAdd(data.Row(i), c, mean, mean);
            total += c;
        }

        if (total > 0) TensorPrimitives.Divide(mean, total, mean);
        return mean;
    }

    /// <summary>theta = J phi with w = w', b = b' - mu^T w' per class block; J and J^T cost O(p).</summary>
    private sealed class Centring(double[] mean, int classes)
    {
        private readonly int _d = mean.Length;

        /// <summary>J v: each block's bias minus mu^T (its weights).</summary>
        public double[] Apply(double[] v)
        {
            var result = new double[v.Length];
            ApplyInto(v, result);
            return result;
        }

        public void ApplyInto(double[] v, double[] result)
        {
            v.CopyTo(result, 0);
            int d1 = _d + 1;
            for (int c = 0; c < classes; c++) result[c * d1 + _d] -= TensorPrimitives.Dot(mean, v.AsSpan(c * d1, _d));
        }

        /// <summary>||J^-T r||^2: r as a gradient in theta coordinates, (r_w + mu r_b, r_b) per block.</summary>
        public double ThetaNormSquared(double[] r)
        {
            int d1 = _d + 1;
            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                double bias = r[c * d1 + _d];
                var w = r.AsSpan(c * d1, _d);
                // ||w + b mu||^2 = ||w||^2 + 2 b w.mu + b^2 ||mu||^2
                sum += TensorPrimitives.SumOfSquares(w) + 2 * bias * TensorPrimitives.Dot(w, mean) + bias * bias * (_meanSquared + 1);
            }

            return sum;
        }

        private readonly double _meanSquared = TensorPrimitives.SumOfSquares(mean);

        /// <summary>J^T u: each block's weights minus mu times its bias entry.</summary>
        public double[] Transpose(double[] u)
        {
            var result = (double[])u.Clone();
            TransposeInPlace(result);
            return result;
        }

        /// <summary>u = J^T u (each block's bias entry is read, never written, so in place is exact).</summary>
        public void TransposeInPlace(double[] u)
        {
            int d1 = _d + 1;
            for (int c = 0; c < classes; c++)
            {
                var w = u.AsSpan(c * d1, _d);
                TensorPrimitives.MultiplyAdd(mean, -u[c * d1 + _d], w, w);
            }
        }
    }
}
