using System.Numerics.Tensors;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Engine.Learning;

/// <summary>
/// The Cholesky factor H = L L^T of a symmetric positive definite p x p matrix, factored once and reused for
/// the Newton step and for all points' influence. When H is not positive definite to working precision
/// (e.g. a class whose probabilities have collapsed to 0), a diagonal jitter of 1e-10, 1e-8, ... 1e-4 times
/// the largest diagonal entry is tried in turn, with warning AUG3008; if none works, error AUG3009.
/// </summary>
internal sealed unsafe class HessianFactor
{
    private static readonly double[] JitterSteps = [1e-10, 1e-8, 1e-6, 1e-4];

    private readonly double[] _l;
    private readonly double[] _inverseBlocks;

    private readonly bool _parallel;

    private HessianFactor(double[] l, double[] inverseBlocks, int size, double jitter, bool parallel)
    {
        _parallel = parallel;
        _l = l;
        _inverseBlocks = inverseBlocks;
        Size = size;
        Jitter = jitter;
    }

    public int Size { get; }

    /// <summary>The absolute value added to the diagonal before factoring (0 when none was needed).</summary>
    public double Jitter { get; }

    /// <summary>Factors h in place (h becomes the factor's storage; pass a full symmetric matrix).</summary>
    public static HessianFactor Factorize(double[] h, int size, IReporter reporter, bool parallel)
    {
        var inverse = GC.AllocateUninitializedArray<double>(size * Cholesky.BlockSize);
        var diagonal = new double[size];
        for (int i = 0; i < size; i++) diagonal[i] = h[(long)i * size + i];
        double maxDiag = diagonal.Length == 0 ? 0 : TensorPrimitives.MaxMagnitude(diagonal);
        fixed (double* ph = h, pinv = inverse)
        {
            if (Cholesky.TryFactor(ph, size, size, pinv, parallel)) return new HessianFactor(h, inverse, size, 0, parallel);
            foreach (double step in JitterSteps)
            {
                double jitter = step * Math.Max(maxDiag, 1e-300);
                // The factorisation never writes the strict upper triangle: restore the lower one from it.
                for (int i = 0; i < size; i++)
                {
                    for (int j = 0; j < i; j++) ph[(nint)i * size + j] = ph[(nint)j * size + i];
                    ph[(nint)i * size + i] = diagonal[i] + jitter;
                }

                if (Cholesky.TryFactor(ph, size, size, pinv, parallel))
                {
                    reporter.Warning(LearningErrors.HessianJitter,
                        $"The Hessian of the probe was not positive definite; added {jitter:G3} to its diagonal. Scores are approximate: check for duplicated or constant features, or lower C.", "--C");
                    return new HessianFactor(h, inverse, size, jitter, parallel);
                }
            }
        }

        throw new AugBuildException(LearningErrors.HessianNotPositiveDefinite,
            "The Hessian of the probe is not positive definite even after adding a diagonal jitter. Check the features for NaN-like values or lower C.",
            "--C");
    }

    /// <summary>H^-1 g.</summary>
    public double[] Solve(ReadOnlySpan<double> g)
    {
        var x = g.ToArray();
        fixed (double* l = _l, inv = _inverseBlocks, px = x)
        {
            TriangularSolve.ForwardBlocked(l, Size, Size, inv, px, _parallel);
            TriangularSolve.BackwardTransposedBlocked(l, Size, Size, inv, px, _parallel);
        }

        return x;
    }

    /// <summary>Overwrites each row g_i of the m x Size row-major block by (L^-1 g_i)^T.</summary>
    public void ForwardSolveRows(double* g, int m, bool parallel)
    {
        fixed (double* l = _l, inv = _inverseBlocks)
        {
            TriangularSolve.RightLowerTransposed(g, m, Size, l, Size, Size, inv, parallel);
        }
    }
}
