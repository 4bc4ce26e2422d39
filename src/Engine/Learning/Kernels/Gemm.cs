using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AugBuild.Engine.Learning.Kernels;

/// <summary>
/// Blocked, packed matrix multiply (the Goto/BLIS scheme): C += alpha * A * diag(s) * B.
/// B is packed once per (kc x nc) panel and shared by the threads; each thread packs its own (mc x kc) block of A,
/// and an MR x NR register-blocked micro-kernel does the arithmetic. This one routine carries the Hessian build,
/// the Cholesky trailing updates and the triangular solves.
/// </summary>
internal static unsafe class Gemm
{
    internal const int KC = 256;
    internal const int MC = 144; // a multiple of every kernel's MR (12, 8, 6, 4)
    internal const int NC = 4096; // a multiple of every kernel's NR

    /// <summary>
    /// Below this many multiply-adds (about half a millisecond on one core) a product runs on the calling thread:
    /// on a busy machine each parallel loop can wait milliseconds for a second thread. Settable so tests can
    /// push small problems through the threaded paths (results are identical either way).
    /// </summary>
    internal static double ParallelWork { get; set; } = 1 << 24;

    /// <summary>Which micro-kernel the dispatching overload uses on this machine.</summary>
    internal static string KernelName =>
        Vector512.IsHardwareAccelerated ? "avx512-12x16"
        : Vector256.IsHardwareAccelerated ? "avx2-6x8"
        : Vector128.IsHardwareAccelerated ? "simd128-8x4"
        : "scalar-4x4";

    /// <summary>
    /// C[m x n] (row-major, leading dimension ldc) += alpha * A[m x k] * diag(scale) * B[k x n].
    /// scale (length k) may be null. lowerOnly updates only elements with column &lt;= row (C's origin on the
    /// diagonal) and leaves the rest of C untouched. parallel splits the rows of C over the thread pool.
    /// </summary>
    public static void Multiply(int m, int n, int k, double alpha, StridedMatrix a, StridedMatrix b, double* c, nint ldc,
        double* scale = null, bool lowerOnly = false, bool parallel = false)
    {
        parallel &= (double)m * n * k >= ParallelWork;
        if (Vector512.IsHardwareAccelerated)
            Multiply<Kernel512>(m, n, k, alpha, a, b, c, ldc, scale, lowerOnly, parallel);
        else if (Vector256.IsHardwareAccelerated)
            Multiply<Kernel256>(m, n, k, alpha, a, b, c, ldc, scale, lowerOnly, parallel);
        else if (Vector128.IsHardwareAccelerated)
            Multiply<Kernel128>(m, n, k, alpha, a, b, c, ldc, scale, lowerOnly, parallel);
        else
            Multiply<KernelScalar>(m, n, k, alpha, a, b, c, ldc, scale, lowerOnly, parallel);
    }

    internal static void Multiply<TK>(int m, int n, int k, double alpha, StridedMatrix a, StridedMatrix b, double* c, nint ldc,
        double* scale, bool lowerOnly, bool parallel)
        where TK : IMicroKernel
    {
        if (m <= 0 || n <= 0 || k <= 0) return;
        if (lowerOnly) n = Math.Min(n, m);
        int nr = TK.NR;
        int ncMax = RoundUp(Math.Min(NC, n), nr);
        double* packB = Alloc((nint)KC * ncMax);
        try
        {
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    PackB(TK.NR, kc, nc, b.At(pc, jc), scale == null ? null : scale + pc, packB);
                    // With lowerOnly, row blocks that end above column jc have nothing to do.
                    int firstBlock = lowerOnly ? jc / MC : 0;
                    int blocks = (m + MC - 1) / MC;
                    var panel = new Panel(m, n, jc, nc, pc, kc, alpha, a, packB, c, ldc, lowerOnly);
                    if (parallel && blocks - firstBlock > 1 && Environment.ProcessorCount > 1)
                    {
                        Parallel.For(firstBlock, blocks,
                            () => (nint)Alloc((nint)MC * KC),
                            (block, _, buffer) => { RowBlock<TK>(block * MC, panel, (double*)buffer); return buffer; },
                            buffer => Free((double*)buffer));
                    }
                    else
                    {
                        double* packA = Alloc((nint)MC * KC);
                        try
                        {
                            for (int block = firstBlock; block < blocks; block++) RowBlock<TK>(block * MC, panel, packA);
                        }
                        finally
                        {
                            Free(packA);
                        }
                    }
                }
            }
        }
        finally
        {
            Free(packB);
        }
    }

    /// <summary>Everything a row block needs about the current (kc x nc) panel of B.</summary>
    private readonly struct Panel(int m, int n, int jc, int nc, int pc, int kc, double alpha, StridedMatrix a,
        double* packedB, double* c, nint ldc, bool lowerOnly)
    {
        public readonly int M = m, N = n, Jc = jc, Nc = nc, Pc = pc, Kc = kc;
        public readonly double Alpha = alpha;
        public readonly StridedMatrix A = a;
        public readonly double* PackedB = packedB, C = c;
        public readonly nint Ldc = ldc;
        public readonly bool LowerOnly = lowerOnly;
    }

    private static void RowBlock<TK>(int ic, in Panel p, double* packA)
        where TK : IMicroKernel
    {
        int mr = TK.MR, nr = TK.NR;
        int mc = Math.Min(MC, p.M - ic);
        PackA(mr, mc, p.Kc, p.A.At(ic, p.Pc), p.Alpha, packA);
        int jrEnd = p.LowerOnly ? Math.Min(p.Nc, ic + mc - p.Jc) : p.Nc;
        double* tile = stackalloc double[mr * nr];
        for (int jr = 0; jr < jrEnd; jr += nr)
        {
            int j0 = p.Jc + jr;
            int nValid = Math.Min(nr, p.Nc - jr);
            double* b = p.PackedB + (nint)jr * p.Kc;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int i0 = ic + ir;
                if (p.LowerOnly && i0 + mr - 1 < j0) continue; // tile wholly above the diagonal
                int mValid = Math.Min(mr, mc - ir);
                double* a = packA + (nint)ir * p.Kc;
                double* cTile = p.C + i0 * p.Ldc + j0;
                bool crossesDiagonal = p.LowerOnly && i0 < j0 + nr - 1;
                if (mValid == mr && nValid == nr && !crossesDiagonal)
                {
                    TK.RunAdd(p.Kc, a, b, cTile, p.Ldc);
                    continue;
                }

                TK.Run(p.Kc, a, b, tile);
                for (int r = 0; r < mValid; r++)
                {
                    int jEnd = nValid;
                    if (p.LowerOnly) jEnd = Math.Min(jEnd, i0 + r - j0 + 1);
                    double* cRow = cTile + r * p.Ldc;
                    double* tRow = tile + r * nr;
                    for (int j = 0; j < jEnd; j++) cRow[j] += tRow[j];
                }
            }
        }
    }

    /// <summary>Packs rows of A in MR-row slivers, k-major, scaled by alpha, zero-padded to a multiple of MR.</summary>
    private static void PackA(int mr, int mc, int kc, StridedMatrix a, double alpha, double* dst)
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            double* d = dst + (nint)ir * kc;
            if (a.RowStride == 1 && rows == mr)
            {
                // Column-major source (a transposed row-major matrix): each k is MR contiguous values.
                for (int k = 0; k < kc; k++) ScaleCopy(a.Data + ir + k * a.ColumnStride, d + k * mr, mr, alpha);
                continue;
            }

            if (a.ColumnStride == 1)
            {
                // Row-major source: walk each row contiguously, scatter into the sliver.
                for (int r = 0; r < rows; r++)
                {
                    double* src = a.Data + (ir + r) * a.RowStride;
                    for (int k = 0; k < kc; k++) d[k * mr + r] = alpha * src[k];
                }
            }
            else
            {
                for (int k = 0; k < kc; k++)
                {
                    double* src = a.Data + ir * a.RowStride + k * a.ColumnStride;
                    for (int r = 0; r < rows; r++) d[k * mr + r] = alpha * src[r * a.RowStride];
                }
            }

            if (rows < mr)
            {
                for (int k = 0; k < kc; k++)
                {
                    for (int r = rows; r < mr; r++) d[k * mr + r] = 0;
                }
            }
        }
    }

    /// <summary>Packs columns of B in NR-column slivers, k-major, row k scaled by scale[k], zero-padded.</summary>
    private static void PackB(int nr, int kc, int nc, StridedMatrix b, double* scale, double* dst)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            double* d = dst + (nint)jr * kc;
            if (b.ColumnStride == 1 && cols == nr)
            {
                // Row-major source: each k is NR contiguous values.
                for (int k = 0; k < kc; k++) ScaleCopy(b.Data + k * b.RowStride + jr, d + k * nr, nr, scale == null ? 1.0 : scale[k]);
                continue;
            }

            if (b.RowStride == 1 && cols == nr)
            {
                // Column-major source (a transposed row-major matrix): walk each column contiguously.
                for (int j = 0; j < nr; j++)
                {
                    double* src = b.Data + (jr + j) * b.ColumnStride;
                    if (scale == null)
                        for (int k = 0; k < kc; k++) d[k * nr + j] = src[k];
                    else
                        for (int k = 0; k < kc; k++) d[k * nr + j] = scale[k] * src[k];
                }

                continue;
            }

            for (int k = 0; k < kc; k++)
            {
                double s = scale == null ? 1.0 : scale[k];
                double* src = b.Data + k * b.RowStride + jr * b.ColumnStride;
                double* row = d + k * nr;
                int j = 0;
                for (; j < cols; j++) row[j] = s * src[j * b.ColumnStride];
                for (; j < nr; j++) row[j] = 0;
            }
        }
    }

    /// <summary>dst[0..count) = s * src[0..count), vectorised: packing must not cost more than the arithmetic it feeds.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void ScaleCopy(double* src, double* dst, int count, double s)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vs = Vector512.Create(s);
            for (; i + 8 <= count; i += 8) (Vector512.Load(src + i) * vs).Store(dst + i);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i + 4 <= count; i += 4) (Vector256.Load(src + i) * vs).Store(dst + i);
        }

        for (; i < count; i++) dst[i] = s * src[i];
    }

    /// <summary>
    /// Moves an m x nb column block of a row-major matrix into a dense buffer and zeroes it there, so a GEMM can
    /// read the old values and accumulate the new ones into the same place.
    /// </summary>
    internal static void MoveColumns(double* source, nint ld, double* destination, int m, int nb, bool parallel)
    {
        nint src = (nint)source, dst = (nint)destination;
        void Rows(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                var row = new Span<double>((double*)src + i * ld, nb);
                row.CopyTo(new Span<double>((double*)dst + (nint)i * nb, nb));
                row.Clear();
            }
        }

        const int chunk = 256;
        if (parallel && m > chunk)
            Parallel.For(0, (m + chunk - 1) / chunk, c => Rows(c * chunk, Math.Min(m, (c + 1) * chunk)));
        else
            Rows(0, m);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    internal static double* Alloc(nint count) => (double*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(double)), 64);

    internal static void Free(double* p) => NativeMemory.AlignedFree(p);
}
