using System.Numerics.Tensors;

namespace AugBuild.Engine.Learning.Kernels;

/// <summary>
/// Blocked right-looking Cholesky, A = L L^T, in place on the lower triangle of a row-major matrix.
/// Per block column: an unblocked factor of the diagonal block, its triangular inverse, the panel as a GEMM
/// with that inverse, and the trailing update as a lower-only GEMM (so nearly all flops run in the packed kernel).
/// The strict upper triangle is never written, which lets a caller restore A from it after a failed attempt.
/// </summary>
internal static unsafe class Cholesky
{
    internal const int BlockSize = 192;

    /// <summary>
    /// Factors A (n x n, leading dimension lda) in place. Returns false when a pivot is not positive (A not
    /// positive definite to working precision); A's lower triangle is then partly overwritten.
    /// inverseBlocks receives inv(L_JJ) for each diagonal block J, row-major nb x nb, at offset j0 * BlockSize.
    /// </summary>
    public static bool TryFactor(double* a, int n, nint lda, double* inverseBlocks, bool parallel)
    {
        double* panelCopy = Gemm.Alloc((nint)Math.Max(n, 1) * BlockSize);
        try
        {
            for (int j0 = 0; j0 < n; j0 += BlockSize)
            {
                int nb = Math.Min(BlockSize, n - j0);
                double* diag = a + j0 * lda + j0;
                if (!FactorUnblocked(diag, nb, lda)) return false;
                double* inv = inverseBlocks + (nint)j0 * BlockSize;
                InvertLower(diag, nb, lda, inv, nb);
                int rest = n - j0 - nb;
                if (rest == 0) break;

                // Panel: L_RJ = A_RJ * inv(L_JJ)^T (GEMM reads a copy, writes the zeroed panel).
                double* panel = a + (j0 + nb) * lda + j0;
                Gemm.MoveColumns(panel, lda, panelCopy, rest, nb, parallel);

                Gemm.Multiply(rest, nb, nb, 1.0, StridedMatrix.RowMajor(panelCopy, nb), new StridedMatrix(inv, 1, nb),
                    panel, lda, parallel: parallel);

                // Trailing update: A_RR -= L_RJ L_RJ^T, lower triangle only.
                var l = StridedMatrix.RowMajor(panel, lda);
                Gemm.Multiply(rest, rest, nb, -1.0, l, l.Transposed, panel + nb, lda, lowerOnly: true, parallel: parallel);
            }

            return true;
        }
        finally
        {
            Gemm.Free(panelCopy);
        }
    }

    /// <summary>Unblocked Cholesky of an nb x nb block (dot-product form, rows contiguous).</summary>
    internal static bool FactorUnblocked(double* a, int nb, nint lda)
    {
        for (int i = 0; i < nb; i++)
        {
            var rowI = new ReadOnlySpan<double>(a + i * lda, i);
            for (int j = 0; j < i; j++)
            {
                double s = a[i * lda + j] - TensorPrimitives.Dot(rowI[..j], new ReadOnlySpan<double>(a + j * lda, j));
                a[i * lda + j] = s / a[j * lda + j];
            }

            double pivot = a[i * lda + i] - TensorPrimitives.Dot(rowI, rowI);
            if (!(pivot > 0) || double.IsInfinity(pivot)) return false;
            a[i * lda + i] = Math.Sqrt(pivot);
        }

        return true;
    }

    /// <summary>T = L^-1 for a lower-triangular nb x nb L; T's strict upper triangle is set to zero.</summary>
    internal static void InvertLower(double* l, int nb, nint ldl, double* t, nint ldt)
    {
        for (int i = 0; i < nb; i++)
        {
            var row = new Span<double>(t + i * ldt, nb);
            row.Clear();
            // Row i of T: T[i, 0..i) = -(sum_k L[i,k] T[k, 0..i)) / L[i,i], T[i,i] = 1 / L[i,i].
            for (int k = 0; k < i; k++)
            {
                var tk = new ReadOnlySpan<double>(t + k * ldt, k + 1);
                TensorPrimitives.MultiplyAdd(tk, l[i * ldl + k], row[..(k + 1)], row[..(k + 1)]);
            }

            double inv = 1.0 / l[i * ldl + i];
            TensorPrimitives.Multiply(row[..i], -inv, row[..i]);
            row[i] = inv;
        }
    }
}
