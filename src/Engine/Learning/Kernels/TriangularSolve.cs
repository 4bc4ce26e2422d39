using System.Numerics.Tensors;

namespace AugBuild.Engine.Learning.Kernels;

/// <summary>Solves with a Cholesky factor L (row-major lower triangle) from <see cref="Cholesky"/>.</summary>
internal static unsafe class TriangularSolve
{
    /// <summary>
    /// Overwrites the m x n row-major G (leading dimension ldg) by G L^-T, i.e. row i becomes (L^-1 g_i)^T:
    /// one blocked solve for all rows, where each block column is a GEMM with the precomputed inv(L_JJ) and
    /// the rest of the row is updated by a GEMM with the panel of L below it.
    /// </summary>
    public static void RightLowerTransposed(double* g, int m, nint ldg, double* l, int n, nint ldl, double* inverseBlocks, bool parallel)
    {
        const int nbMax = Cholesky.BlockSize;
        double* copy = Gemm.Alloc((nint)Math.Max(m, 1) * nbMax);
        try
        {
            for (int j0 = 0; j0 < n; j0 += nbMax)
            {
                int nb = Math.Min(nbMax, n - j0);
                double* block = g + j0;
                Gemm.MoveColumns(block, ldg, copy, m, nb, parallel);

                double* inv = inverseBlocks + (nint)j0 * nbMax;
                Gemm.Multiply(m, nb, nb, 1.0, StridedMatrix.RowMajor(copy, nb), new StridedMatrix(inv, 1, nb), block, ldg, parallel: parallel);

                int rest = n - j0 - nb;
                if (rest == 0) break;
                // G[:, R] -= Y[:, J] L[R, J]^T
                var panelT = new StridedMatrix(l + (j0 + nb) * ldl + j0, 1, ldl);
                Gemm.Multiply(m, rest, nb, -1.0, StridedMatrix.RowMajor(block, ldg), panelT, block + nb, ldg, parallel: parallel);
            }
        }
        finally
        {
            Gemm.Free(copy);
        }
    }

    /// <summary>x := L^-1 x (forward substitution).</summary>
    public static void Forward(double* l, int n, nint ldl, Span<double> x)
    {
        for (int i = 0; i < n; i++)
        {
            double s = x[i] - TensorPrimitives.Dot(new ReadOnlySpan<double>(l + i * ldl, i), x[..i]);
            x[i] = s / l[i * ldl + i];
        }
    }

    /// <summary>x := L^-T x (back substitution, walking rows of L so memory stays contiguous).</summary>
    public static void BackwardTransposed(double* l, int n, nint ldl, Span<double> x)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            x[i] /= l[i * ldl + i];
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(l + i * ldl, i), -x[i], x[..i], x[..i]);
        }
    }
}
