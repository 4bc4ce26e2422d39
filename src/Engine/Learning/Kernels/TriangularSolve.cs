using System.Numerics.Tensors;

namespace AugBuild.Engine.Learning.Kernels;

/// <summary>Solves with a Cholesky factor L (row-major lower triangle) from <see cref="Cholesky"/>.</summary>
internal static unsafe class TriangularSolve
{
    /// <summary>Below this many columns a block's dot products are too short to be worth a second thread.</summary>
    private const int ParallelFrom = 2048;

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

    /// <summary>
    /// x := L^-1 x by block rows: each block's off-diagonal dot products (rows split over the threads), then
    /// the precomputed inv(L_JJ). The solve streams all of L once, so it is bound by memory bandwidth, which two
    /// cores double.
    /// </summary>
    public static void ForwardBlocked(double* l, int n, nint ldl, double* inverseBlocks, double* x, bool parallel, int parallelFrom = ParallelFrom)
    {
        const int nb = Cholesky.BlockSize;
        double* block = stackalloc double[nb];
        nint lAddr = (nint)l, xAddr = (nint)x;
        for (int j0 = 0; j0 < n; j0 += nb)
        {
            int size = Math.Min(nb, n - j0);
            int width = j0;
            void Rows(int from, int to)
            {
                double* lp = (double*)lAddr, xp = (double*)xAddr;
                var prefix = new ReadOnlySpan<double>(xp, width);
                for (int i = from; i < to; i++)
                    xp[j0 + i] -= TensorPrimitives.Dot(new ReadOnlySpan<double>(lp + (j0 + i) * ldl, width), prefix);
            }

            if (parallel && width >= parallelFrom)
                Parallel.Invoke(() => Rows(0, size / 2), () => Rows(size / 2, size));
            else
                Rows(0, size);

            LowerTimes(inverseBlocks + (nint)j0 * nb, size, x + j0, block);
        }
    }

    /// <summary>
    /// x := L^-T x by block rows from the last: x_J = inv(L_JJ)^T x_J, then x[0..J) -= L[J, 0..J)^T x_J as axpys
    /// over contiguous rows of L, the columns split over the threads.
    /// </summary>
    public static void BackwardTransposedBlocked(double* l, int n, nint ldl, double* inverseBlocks, double* x, bool parallel, int parallelFrom = ParallelFrom)
    {
        const int nb = Cholesky.BlockSize;
        double* block = stackalloc double[nb];
        nint lAddr = (nint)l, xAddr = (nint)x;
        for (int j0 = (n - 1) / nb * nb; j0 >= 0; j0 -= nb)
        {
            int size = Math.Min(nb, n - j0);
            LowerTransposedTimes(inverseBlocks + (nint)j0 * nb, size, x + j0, block);
            int width = j0;
            void Columns(int from, int to)
            {
                double* lp = (double*)lAddr, xp = (double*)xAddr;
                var target = new Span<double>(xp + from, to - from);
                for (int i = 0; i < size; i++)
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(lp + (j0 + i) * ldl + from, to - from), -xp[j0 + i], target, target);
            }

            if (parallel && width >= parallelFrom)
                Parallel.Invoke(() => Columns(0, width / 2), () => Columns(width / 2, width));
            else
                Columns(0, width);
        }
    }

    /// <summary>v := T v for a lower-triangular size x size T (leading dimension size), via scratch.</summary>
    private static void LowerTimes(double* t, int size, double* v, double* scratch)
    {
        for (int r = 0; r < size; r++)
            scratch[r] = TensorPrimitives.Dot(new ReadOnlySpan<double>(t + r * size, r + 1), new ReadOnlySpan<double>(v, r + 1));
        new Span<double>(scratch, size).CopyTo(new Span<double>(v, size));
    }

    /// <summary>v := T^T v for a lower-triangular size x size T, as axpys over T's rows.</summary>
    private static void LowerTransposedTimes(double* t, int size, double* v, double* scratch)
    {
        var result = new Span<double>(scratch, size);
        result.Clear();
        for (int r = 0; r < size; r++)
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(t + r * size, r + 1), v[r], result[..(r + 1)], result[..(r + 1)]);
        result.CopyTo(new Span<double>(v, size));
    }
}
