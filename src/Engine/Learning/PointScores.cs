using System.Numerics.Tensors;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>Per-point scores s_i &gt;= 0 (method.md, "Scores").</summary>
public static class PointScores
{
    /// <summary>Rows of gradients one thread solves at once: bounds memory (rows x p doubles per thread) while keeping the GEMMs large.</summary>
    internal const int ChunkRows = 1024;

    /// <summary>s_i = l_i = -log p_{y_i}(x_i) at the model's parameters (unweighted).</summary>
    public static double[] Loss(SoftmaxModel model, TrainingSet data)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.CheckCompatible(data);
        return SoftmaxObjective.Evaluate(model.Parameters, data).Losses;
    }

    /// <summary>
    /// Exact self-influence s_i = |g_i^T H^-1 g_i| with g_i = c_i grad l_i for each row of targets (default:
    /// fitData) and H = sum_j c_j hess l_j + lambda (I on weights, 0 on biases) summed over fitData.
    /// H is factored once (H = L L^T) and s_i = ||L^-1 g_i||^2 comes from one blocked triangular solve of all
    /// gradients as a matrix.
    /// </summary>
    public static double[] Influence(SoftmaxModel model, TrainingSet fitData, TrainingSet? targets = null, IReporter? reporter = null)
    {
        targets = CheckInfluenceInputs(model, fitData, targets);
        reporter ??= NullReporter.Instance;
        var factor = FactorHessian(model, fitData, reporter);
        return SelfInfluence(model, factor, targets, reporter: reporter);
    }

    /// <summary>
    /// Self-influence with the block-diagonal (per-class) Hessian, for problems whose exact p x p Hessian does not
    /// fit in memory: s_i = sum_c (c_i r_ic)^2 [x_i;1]^T H_cc^-1 [x_i;1] (<see cref="BlockDiagonalInfluence"/>).
    /// </summary>
    public static double[] BlockInfluence(SoftmaxModel model, TrainingSet fitData, TrainingSet? targets = null, IReporter? reporter = null)
    {
        targets = CheckInfluenceInputs(model, fitData, targets);
        return BlockDiagonalInfluence.Compute(model, fitData, targets, reporter ?? NullReporter.Instance);
    }

    /// <summary>The targets (default: fitData), once model, fitData and targets are known to agree.</summary>
    private static TrainingSet CheckInfluenceInputs(SoftmaxModel model, TrainingSet fitData, TrainingSet? targets)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.CheckCompatible(fitData);
        targets ??= fitData;
        model.CheckCompatible(targets);
        if (fitData.Count == 0)
        {
            throw new ArgumentException("Influence needs the rows the model was fitted on; fitData is empty.", nameof(fitData));
        }

        return targets;
    }

    internal static HessianFactor FactorHessian(SoftmaxModel model, TrainingSet fitData, IReporter reporter, bool parallel = true) =>
        HessianFactor.Factorize(BuildHessian(model, fitData, parallel), model.Parameters.Length, reporter, parallel);

    internal static double[] BuildHessian(SoftmaxModel model, TrainingSet fitData, bool parallel = true)
    {
        var (probs, _) = SoftmaxObjective.Evaluate(model.Parameters, fitData, parallel);
        return SoftmaxObjective.Hessian(fitData, 1.0 / model.C, probs, parallel);
    }

    /// <summary>
    /// ||L^-1 g_i||^2 for every row of targets. Rows go in chunks of <see cref="ChunkRows"/>, one chunk per thread,
    /// each solved by a single-threaded blocked solve: no serial packing phase or barrier between the threads,
    /// and memory stays at one chunk of gradients per thread.
    /// </summary>
    internal static unsafe double[] SelfInfluence(SoftmaxModel model, HessianFactor factor, TrainingSet targets, bool parallel = true,
        IReporter? reporter = null)
    {
        int n = targets.Count, k = model.ClassCount, d1 = model.Dimension + 1, p = factor.Size;
        var (probs, _) = SoftmaxObjective.Evaluate(model.Parameters, targets, parallel);
        var x = targets.Augmented;
        var scores = new double[n];
        int rows = Math.Min(ChunkRows, Math.Max(n, 1));
        int chunks = (n + rows - 1) / rows;
        long done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel ? Environment.ProcessorCount : 1 };
        Parallel.For(0, chunks, options,
            () => GC.AllocateUninitializedArray<double>(rows * p),
            (chunk, _, g) =>
            {
                int start = chunk * rows, m = Math.Min(rows, n - start);
                for (int r = 0; r < m; r++)
                {
                    int i = start + r;
                    double c = targets.Weights[i];
                    int y = targets.Labels[i];
                    var xi = x.AsSpan(i * d1, d1);
                    for (int cls = 1; cls < k; cls++)
                    {
                        double coefficient = c * (probs[i * k + cls] - (y == cls ? 1 : 0));
                        TensorPrimitives.Multiply(xi, coefficient, g.AsSpan(r * p + (cls - 1) * d1, d1));
                    }
                }

                fixed (double* pg = g)
                {
                    factor.ForwardSolveRows(pg, m, parallel: false);
                }

                for (int r = 0; r < m; r++) scores[start + r] = TensorPrimitives.SumOfSquares(g.AsSpan(r * p, p));
                reporter?.Progress("influence", Interlocked.Add(ref done, m), n, ProgressUnits.Points);
                return g;
            },
            _ => { });

        return scores;
    }
}
