using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace AugBuild.Engine.Learning.Kernels;

/// <summary>
/// The two products of a fit with few classes, X V^T (n x k1) and T^T X (k1 x d1) for k1 = K-1 small: the packed
/// GEMM would copy all of X into its panels for every product and use only k1 of its 8-16 register columns, so
/// here each row is used in place, its k1 dot products (or axpys) while it sits in L1. Rows go in fixed chunks
/// and T^T X sums the chunks' partial results in chunk order, so the numbers never depend on the thread count.
/// </summary>
internal static unsafe class ThinProducts
{
    /// <summary>Below this many classes (K-1) the row loops beat the packed GEMM (bench probe-kernels: 1.6x at K = 17, even at K = 33, slower at K = 101).</summary>
    public const int MaxClasses = 32;

    /// <summary>At most this many chunks, of at least <see cref="MinChunkRows"/> rows: T^T X holds one partial result per chunk.</summary>
    private const int MaxChunks = 64;

    private const int MinChunkRows = 512;

    /// <summary>u[i * k1 + c] = x_i . v_c for X (n x d1) and V (k1 x d1), both row-major.</summary>
    public static void RowsTimesBlocks(double[] x, int n, int d1, ReadOnlySpan<double> v, int k1, double[] u, bool parallel)
    {
        var vCopy = v.ToArray();
        void Chunk(int chunk)
        {
            var (start, end) = Range(chunk, n);
            fixed (double* px = x, pv = vCopy, pu = u)
            {
                for (int i = start; i < end; i++)
                {
                    double* xi = px + (nint)i * d1;
                    int c = 0;
                    // Four classes per pass over the row: each x load feeds four FMAs.
                    for (; c + 4 <= k1; c += 4) Dot4(xi, pv + (nint)c * d1, d1, pu + (nint)i * k1 + c);
                    for (; c < k1; c++) pu[(nint)i * k1 + c] = TensorPrimitives.Dot(new ReadOnlySpan<double>(xi, d1), new ReadOnlySpan<double>(pv + (nint)c * d1, d1));
                }
            }
        }

        Run(Chunk, n, (long)n * d1 * k1, parallel);
    }

    /// <summary>r[c * d1 + j] = sum_i t[i * k1 + c] x[i * d1 + j]: (T^T X) for T (n x k1).</summary>
    public static double[] BlocksTimesRows(double[] t, double[] x, int n, int d1, int k1, bool parallel)
    {
        int p = k1 * d1;
        var partial = new double[ChunkCount(n) * p];
        void Chunk(int chunk)
        {
            var (start, end) = Range(chunk, n);
            fixed (double* px = x, pt = t, pr = partial)
            {
                double* r = pr + (nint)chunk * p;
                int i = start;
                // Four rows per pass over each class's accumulator: one load and store of it per four FMAs.
                for (; i + 4 <= end; i += 4)
                {
                    for (int c = 0; c < k1; c++)
                        Axpy4(px + (nint)i * d1, d1, pt + (nint)i * k1 + c, k1, r + (nint)c * d1);
                }

                for (; i < end; i++)
                {
                    var xi = new ReadOnlySpan<double>(px + (nint)i * d1, d1);
                    for (int c = 0; c < k1; c++)
                    {
                        var rc = new Span<double>(r + (nint)c * d1, d1);
                        TensorPrimitives.MultiplyAdd(xi, pt[(nint)i * k1 + c], rc, rc);
                    }
                }
            }
        }

        Run(Chunk, n, (long)n * d1 * k1, parallel);
        var result = partial.AsSpan(0, p).ToArray();
        for (int chunk = 1; chunk < partial.Length / p; chunk++) TensorPrimitives.Add(result, partial.AsSpan(chunk * p, p), result);
        return result;
    }

    /// <summary>
    /// The Hessian-vector product's data term in one pass over X: per row u = V x_i, t_c = c_i p_ic (u_c - sum_b p_ib u_b)
    /// for classes 1..K-1, r += t (x) x_i. Each row is read once, while it sits in L1, instead of once per product
    /// (X V^T, then T^T X): the product is bound by reading X, so this halves its cost. Four rows per pass as in
    /// <see cref="BlocksTimesRows"/>; chunks summed in chunk order.
    /// </summary>
    /// <param name="probabilities">n x K, row-major, class 0 first.</param>
    public static double[] HessianTimes(double[] x, int n, int d1, ReadOnlySpan<double> v, int k1, double[] probabilities, double[] weights,
        bool parallel)
    {
        int p = k1 * d1, k = k1 + 1;
        var vCopy = v.ToArray();
        var partial = new double[ChunkCount(n) * p];
        void Chunk(int chunk)
        {
            var (start, end) = Range(chunk, n);
            Span<double> t = stackalloc double[4 * k1];
            fixed (double* px = x, pv = vCopy, pr = partial, pp = probabilities, pw = weights, pt = t)
            {
                double* r = pr + (nint)chunk * p;
                for (int i = start; i < end; i += 4)
                {
                    int rows = Math.Min(4, end - i);
                    for (int row = 0; row < rows; row++)
                    {
                        double* xi = px + (nint)(i + row) * d1;
                        double* ti = pt + row * k1;
                        int c = 0;
                        for (; c + 4 <= k1; c += 4) Dot4(xi, pv + (nint)c * d1, d1, ti + c);
                        for (; c < k1; c++) ti[c] = TensorPrimitives.Dot(new ReadOnlySpan<double>(xi, d1), new ReadOnlySpan<double>(pv + (nint)c * d1, d1));
                        double* pi = pp + (nint)(i + row) * k + 1; // classes 1..K-1
                        double mean = 0;
                        for (c = 0; c < k1; c++) mean += pi[c] * ti[c];
                        double weight = pw[i + row];
                        for (c = 0; c < k1; c++) ti[c] = weight * pi[c] * (ti[c] - mean);
                    }

                    if (rows == 4)
                    {
                        for (int c = 0; c < k1; c++) Axpy4(px + (nint)i * d1, d1, pt + c, k1, r + (nint)c * d1);
                    }
                    else
                    {
                        for (int row = 0; row < rows; row++)
                        {
                            var xi = new ReadOnlySpan<double>(px + (nint)(i + row) * d1, d1);
                            for (int c = 0; c < k1; c++)
                            {
                                var rc = new Span<double>(r + (nint)c * d1, d1);
                                TensorPrimitives.MultiplyAdd(xi, pt[row * k1 + c], rc, rc);
                            }
                        }
                    }
                }
            }
        }

        Run(Chunk, n, 2L * n * d1 * k1, parallel);
        var result = partial.AsSpan(0, p).ToArray();
        for (int chunk = 1; chunk < partial.Length / p; chunk++) TensorPrimitives.Add(result, partial.AsSpan(chunk * p, p), result);
        return result;
    }

    /// <summary>u[0..3] = x . v_c for the four rows v_0..v_3 of v (stride d1), sums in the same order every time (512-bit lanes where the CPU has them).</summary>
    private static void Dot4(double* x, double* v, int d1, double* u)
    {
        int j = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var b0 = Vector512<double>.Zero;
            var b1 = Vector512<double>.Zero;
            var b2 = Vector512<double>.Zero;
            var b3 = Vector512<double>.Zero;
            for (; j + 8 <= d1; j += 8)
            {
                var xv = Vector512.Load(x + j);
                b0 = Vector512.FusedMultiplyAdd(xv, Vector512.Load(v + j), b0);
                b1 = Vector512.FusedMultiplyAdd(xv, Vector512.Load(v + d1 + j), b1);
                b2 = Vector512.FusedMultiplyAdd(xv, Vector512.Load(v + 2 * d1 + j), b2);
                b3 = Vector512.FusedMultiplyAdd(xv, Vector512.Load(v + 3 * d1 + j), b3);
            }

            (s0, s1, s2, s3) = (Vector512.Sum(b0), Vector512.Sum(b1), Vector512.Sum(b2), Vector512.Sum(b3));
        }

        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        var a2 = Vector256<double>.Zero;
        var a3 = Vector256<double>.Zero;
        for (; j + 4 <= d1; j += 4)
        {
            var xv = Vector256.Load(x + j);
            a0 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(v + j), a0);
            a1 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(v + d1 + j), a1);
            a2 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(v + 2 * d1 + j), a2);
            a3 = Vector256.FusedMultiplyAdd(xv, Vector256.Load(v + 3 * d1 + j), a3);
        }

        s0 += Vector256.Sum(a0);
        s1 += Vector256.Sum(a1);
        s2 += Vector256.Sum(a2);
        s3 += Vector256.Sum(a3);
        for (; j < d1; j++)
        {
            s0 += x[j] * v[j];
            s1 += x[j] * v[d1 + j];
            s2 += x[j] * v[2 * d1 + j];
            s3 += x[j] * v[3 * d1 + j];
        }

        (u[0], u[1], u[2], u[3]) = (s0, s1, s2, s3);
    }

    /// <summary>r += t[0] x_0 + t[k1] x_1 + t[2 k1] x_2 + t[3 k1] x_3 for four consecutive rows x of length d1.</summary>
    private static void Axpy4(double* x, int d1, double* t, int k1, double* r)
    {
        double t0 = t[0], t1 = t[k1], t2 = t[2 * k1], t3 = t[3 * k1];
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var z0 = Vector512.Create(t0);
            var z1 = Vector512.Create(t1);
            var z2 = Vector512.Create(t2);
            var z3 = Vector512.Create(t3);
            for (; j + 8 <= d1; j += 8)
            {
                var acc = Vector512.Load(r + j);
                acc = Vector512.FusedMultiplyAdd(z0, Vector512.Load(x + j), acc);
                acc = Vector512.FusedMultiplyAdd(z1, Vector512.Load(x + d1 + j), acc);
                acc = Vector512.FusedMultiplyAdd(z2, Vector512.Load(x + 2 * d1 + j), acc);
                acc = Vector512.FusedMultiplyAdd(z3, Vector512.Load(x + 3 * d1 + j), acc);
                acc.Store(r + j);
            }
        }

        var w0 = Vector256.Create(t0);
        var w1 = Vector256.Create(t1);
        var w2 = Vector256.Create(t2);
        var w3 = Vector256.Create(t3);
        for (; j + 4 <= d1; j += 4)
        {
            var acc = Vector256.Load(r + j);
            acc = Vector256.FusedMultiplyAdd(w0, Vector256.Load(x + j), acc);
            acc = Vector256.FusedMultiplyAdd(w1, Vector256.Load(x + d1 + j), acc);
            acc = Vector256.FusedMultiplyAdd(w2, Vector256.Load(x + 2 * d1 + j), acc);
            acc = Vector256.FusedMultiplyAdd(w3, Vector256.Load(x + 3 * d1 + j), acc);
            acc.Store(r + j);
        }

        for (; j < d1; j++) r[j] += t0 * x[j] + t1 * x[d1 + j] + t2 * x[2 * d1 + j] + t3 * x[3 * d1 + j];
    }

    /// <summary>A function of n alone, so the partial sums (and the result's rounding) never depend on the threads.</summary>
    private static int ChunkCount(int n) => Math.Clamp(n / MinChunkRows, 1, MaxChunks);

    private static (int Start, int End) Range(int chunk, int n)
    {
        int chunks = ChunkCount(n);
        int size = (n + chunks - 1) / chunks;
        return (Math.Min(n, chunk * size), Math.Min(n, (chunk + 1) * size));
    }

    private static void Run(Action<int> chunk, int n, long work, bool parallel)
    {
        int chunks = ChunkCount(n);
        if (parallel && work >= Gemm.ParallelWork)
            Parallel.For(0, chunks, chunk);
        else
            for (int c = 0; c < chunks; c++) chunk(c);
    }
}
