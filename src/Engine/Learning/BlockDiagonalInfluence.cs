using System.Numerics.Tensors;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Engine.Learning;

/// <summary>
/// Self-influence with the Hessian replaced by its per-class diagonal blocks: for classes c = 1..K-1,
/// H_cc = sum_j c_j p_jc (1 - p_jc) xt_j xt_j^T + lambda (I on weights, 0 on the bias), xt = [x; 1], and
/// s_i = sum_c (c_i r_ic)^2 xt_i^T H_cc^-1 xt_i with r_ic = p_ic - [y_i = c]. That is g_i^T H_bd^-1 g_i for the
/// block-diagonal H_bd: K-1 factorisations of (d+1) x (d+1) blocks instead of one of p x p, so memory is
/// O(d^2 + n K) and time O(K n d^2). One class at a time, on the exact method's GEMM, Cholesky and solve kernels.
/// </summary>
internal static unsafe class BlockDiagonalInfluence
{
    public static double[] Compute(SoftmaxModel model, TrainingSet fitData, TrainingSet targets, IReporter reporter, bool parallel = true)
    {
        int k = model.ClassCount, d = model.Dimension, d1 = d + 1, nFit = fitData.Count, n = targets.Count;
        double lambda = 1.0 / model.C;
        var (fitProbs, _) = SoftmaxObjective.Evaluate(model.Parameters, fitData, parallel);
        var (probs, _) = SoftmaxObjective.Evaluate(model.Parameters, targets, parallel);
        var curvature = new double[nFit];
        var scores = new double[n];
        var xFit = fitData.Augmented;
        var x = targets.Augmented;
        int rows = Math.Min(PointScores.ChunkRows, Math.Max(n, 1));
        int chunks = (n + rows - 1) / rows;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel ? Environment.ProcessorCount : 1 };
        for (int c = 1; c < k; c++)
        {
            for (int j = 0; j < nFit; j++)
            {
                double pc = fitProbs[j * k + c];
                curvature[j] = fitData.Weights[j] * pc * (1 - pc);
            }

            var block = new double[d1 * d1];
            fixed (double* px = xFit, pb = block, pw = curvature)
            {
                Gemm.Multiply(d1, d1, nFit, 1.0, new StridedMatrix(px, 1, d1), StridedMatrix.RowMajor(px, d1), pb, d1,
                    scale: pw, lowerOnly: true, parallel: parallel);
                SoftmaxObjective.MirrorLowerToUpper(pb, d1, parallel: false);
            }

            for (int j = 0; j < d; j++) block[j * (d1 + 1)] += lambda;
            var factor = HessianFactor.Factorize(block, d1, reporter, parallel);

            // Each chunk of rows: [x_i; 1] -> L^-1 [x_i; 1], q_i = its squared norm; every row's classes add in class order.
            int cls = c;
            Parallel.For(0, chunks, options,
                () => GC.AllocateUninitializedArray<double>(rows * d1),
                (chunk, _, buffer) =>
                {
                    int start = chunk * rows, m = Math.Min(rows, n - start);
                    x.AsSpan(start * d1, m * d1).CopyTo(buffer);
                    fixed (double* pg = buffer)
                    {
                        factor.ForwardSolveRows(pg, m, parallel: false);
                    }

                    for (int r = 0; r < m; r++)
                    {
                        int i = start + r;
                        double residual = targets.Weights[i] * (probs[i * k + cls] - (targets.Labels[i] == cls ? 1 : 0));
                        scores[i] += residual * residual * TensorPrimitives.SumOfSquares(buffer.AsSpan(r * d1, d1));
                    }

                    return buffer;
                },
                _ => { });
            reporter.Progress("influence", c, k - 1, ProgressUnits.Classes);
        }

        return scores;
    }
}
