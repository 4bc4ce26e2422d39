using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
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
    internal const int MaxChunks = 64;

    private const int MinChunkRows = 512;

    /// <summary>u[i * k1 + c] = x_i . v_c for X (n x d1) and V (k1 x d1), both row-major.</summary>
    public static void RowsTimesBlocks(double[] x, int n, int d1, ReadOnlySpan<double> v, int k1, double[] u, bool parallel)
    {
        var vCopy = v.ToArray();
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Chunk(int chunk)
        {
            var (start, end) = Range(chunk, n);
            fixed (double* px = x, pv = vCopy, pu = u)
            {
                int i = start;
                if (Blocked)
                {
                    for (; i + 4 <= end; i += 4) DotFourRows<double, DoubleLanes>(px + (nint)i * d1, d1, pv, k1, pu + (nint)i * k1);
                }

                for (; i < end; i++) DotOneRow(px + (nint)i * d1, d1, pv, k1, pu + (nint)i * k1);
            }
        }

        Run(Chunk, n, (long)n * d1 * k1, parallel);
    }

    /// <summary>r[c * d1 + j] = sum_i t[i * k1 + c] x[i * d1 + j]: (T^T X) for T (n x k1).</summary>
    public static double[] BlocksTimesRows(double[] t, double[] x, int n, int d1, int k1, bool parallel)
    {
        int p = k1 * d1;
        var partial = RentPartials(ChunkCount(n) * p);
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Chunk(int chunk)
        {
            var (start, end) = Range(chunk, n);
            fixed (double* px = x, pt = t, pr = partial)
            {
                double* r = pr + (nint)chunk * p;
                int i = start;
                // Four rows per pass over each class's accumulator: one load and store of it per four FMAs.
                for (; i + 4 <= end; i += 4) AxpyFourRows(px + (nint)i * d1, d1, pt + (nint)i * k1, k1, r);

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
        return SumPartials(partial, ChunkCount(n), p);
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
        var partial = RentPartials(ChunkCount(n) * p);
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                    if (rows == 4 && Blocked)
                        DotFourRows<double, DoubleLanes>(px + (nint)i * d1, d1, pv, k1, pt);
                    else
                        for (int row = 0; row < rows; row++) DotOneRow(px + (nint)(i + row) * d1, d1, pv, k1, pt + row * k1);

                    for (int row = 0; row < rows; row++)
                    {
                        double* ti = pt + row * k1;
                        double* pi = pp + (nint)(i + row) * k + 1; // classes 1..K-1
                        double mean = 0;
                        for (int c = 0; c < k1; c++) mean += pi[c] * ti[c];
                        double weight = pw[i + row];
                        for (int c = 0; c < k1; c++) ti[c] = weight * pi[c] * (ti[c] - mean);
                    }

                    if (rows == 4)
                    {
                        AxpyFourRows(px + (nint)i * d1, d1, pt, k1, r);
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
        return SumPartials(partial, ChunkCount(n), p);
    }

    /// <summary>
    /// The Hessian-vector product of <see cref="HessianTimes"/> on single-precision rows, for many classes (K-1 >= 32):
    /// 16 lanes per vector instead of 8 and half the bytes of X per pass. Dot products and each chunk's sums are single
    /// precision (relative error about 1e-6), the residual weights and the chunks' total double; CG needs the product
    /// only to its forcing tolerance (at least 1e-4 relative), while the gradient, which decides convergence, stays double.
    /// </summary>
    public static double[] HessianTimesSingle(float[] x, int n, int d1, ReadOnlySpan<double> v, int k1, double[] probabilities, double[] weights,
        bool parallel)
    {
        int p = k1 * d1, k = k1 + 1, chunks = ChunkCount(n);
        var vSingle = ArrayPool<float>.Shared.Rent(p);
        for (int q = 0; q < p; q++) vSingle[q] = (float)v[q];
        var partial = ArrayPool<float>.Shared.Rent(chunks * p);
        Array.Clear(partial, 0, chunks * p);
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Chunk(int chunk)
        {
            var (start, end) = Range(chunk, n);
            var t = new float[4 * k1];
            fixed (float* px = x, pv = vSingle, pr = partial, pt = t)
            fixed (double* pp = probabilities, pw = weights)
            {
                float* r = pr + (nint)chunk * p;
                for (int i = start; i < end; i += 4)
                {
                    int rows = Math.Min(4, end - i);
                    if (rows == 4)
                        DotFourRows<float, SingleLanes>(px + (nint)i * d1, d1, pv, k1, pt);
                    else
                        for (int row = 0; row < rows; row++) SingleDotOneRow(px + (nint)(i + row) * d1, d1, pv, k1, pt + row * k1);

                    for (int row = 0; row < rows; row++)
                    {
                        float* ti = pt + row * k1;
                        double* pi = pp + (nint)(i + row) * k + 1;
                        double mean = 0;
                        for (int c = 0; c < k1; c++) mean += pi[c] * ti[c];
                        double weight = pw[i + row];
                        for (int c = 0; c < k1; c++) ti[c] = (float)(weight * pi[c] * (ti[c] - mean));
                    }

                    if (rows == 4)
                        AxpyFourRows<float, SingleLanes>(px + (nint)i * d1, d1, pt, k1, r);
                    else
                        for (int row = 0; row < rows; row++) SingleAxpyOneRow(px + (nint)(i + row) * d1, d1, pt + row * k1, k1, r);
                }
            }
        }

        Run(Chunk, n, 2L * n * d1 * k1, parallel);
        var result = new double[p];
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            var part = partial.AsSpan(chunk * p, p);
            for (int q = 0; q < p; q++) result[q] += part[q];
        }

        ArrayPool<float>.Shared.Return(partial);
        ArrayPool<float>.Shared.Return(vSingle);
        return result;
    }

    /// <summary>u[c] = x . v_c for one row and every class in single precision (the rows after the last block of four).</summary>
    private static void SingleDotOneRow(float* x, int d1, float* v, int k1, float* u)
    {
        for (int c = 0; c < k1; c++)
        {
            float* vc = v + (nint)c * d1;
            var acc = Vector512<float>.Zero;
            int j = 0;
            for (; j + 16 <= d1; j += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(x + j), Vector512.Load(vc + j), acc);
            u[c] = SingleLanes.DotTail(Vector512.Sum(acc), x, vc, j, d1);
        }
    }

    /// <summary>r_c += t[c] x for one row and every class in single precision (the rows after the last block of four).</summary>
    private static void SingleAxpyOneRow(float* x, int d1, float* t, int k1, float* r)
    {
        for (int c = 0; c < k1; c++)
        {
            float* rc = r + (nint)c * d1;
            var a = Vector512.Create(t[c]);
            int j = 0;
            for (; j + 16 <= d1; j += 16) Vector512.FusedMultiplyAdd(a, Vector512.Load(x + j), Vector512.Load(rc + j)).Store(rc + j);
            for (; j < d1; j++) rc[j] += t[c] * x[j];
        }
    }

    /// <summary>
    /// The register-blocked kernels (four rows by up to three classes per pass, twelve 512-bit accumulators) where
    /// the CPU has 512-bit vectors; false (or a test) selects the per-row kernels for the double products. Both sum
    /// every element in the same order, so they agree to the last bit; the blocked ones load each x and v vector once
    /// per 3-4 FMAs instead of once per FMA (bench probe-kernels: H v 14.4 -> 8 ms per core at n = 10,000, d = 512, K = 10).
    /// </summary>
    internal static bool Blocked { get; set; } = Vector512.IsHardwareAccelerated;

    /// <summary>u[row * k1 + c] = x_row . v_c for the four rows x_0..x_3 (stride d1) and every class, three classes per pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotFourRows<T, TL>(T* x, int d1, T* v, int k1, T* u) where T : unmanaged where TL : struct, ILanes<T>
    {
        int c = 0;
        for (; c + 3 <= k1; c += 3) DotFourRows<T, TL, Three>(x, d1, v + (nint)c * d1, u + c, k1);
        if (k1 - c == 2) DotFourRows<T, TL, Two>(x, d1, v + (nint)c * d1, u + c, k1);
        else if (k1 - c == 1) DotFourRows<T, TL, One>(x, d1, v + (nint)c * d1, u + c, k1);
    }

    /// <summary>u[row * k1 + c] for rows 0..3 and classes 0..W-1 (v at class 0, stride d1): the 512-bit part here, the rest by the lanes' DotTail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotFourRows<T, TL, TW>(T* x, int d1, T* v, T* u, int k1) where T : unmanaged where TL : struct, ILanes<T> where TW : struct, IWidth
    {
        var zero = Vector512<T>.Zero;
        Vector512<T> a00 = zero, a01 = zero, a02 = zero, a10 = zero, a11 = zero, a12 = zero;
        Vector512<T> a20 = zero, a21 = zero, a22 = zero, a30 = zero, a31 = zero, a32 = zero;
        T* x1 = x + d1, x2 = x1 + d1, x3 = x2 + d1;
        int lanes = Vector512<T>.Count, j = 0;
        for (; j + lanes <= d1; j += lanes)
        {
            var w0 = Vector512.Load(v + j);
            var w1 = TW.Count > 1 ? Vector512.Load(v + d1 + j) : zero;
            var w2 = TW.Count > 2 ? Vector512.Load(v + 2 * d1 + j) : zero;
            var y = Vector512.Load(x + j);
            a00 = TL.FusedMultiplyAdd(y, w0, a00);
            if (TW.Count > 1) a01 = TL.FusedMultiplyAdd(y, w1, a01);
            if (TW.Count > 2) a02 = TL.FusedMultiplyAdd(y, w2, a02);
            y = Vector512.Load(x1 + j);
            a10 = TL.FusedMultiplyAdd(y, w0, a10);
            if (TW.Count > 1) a11 = TL.FusedMultiplyAdd(y, w1, a11);
            if (TW.Count > 2) a12 = TL.FusedMultiplyAdd(y, w2, a12);
            y = Vector512.Load(x2 + j);
            a20 = TL.FusedMultiplyAdd(y, w0, a20);
            if (TW.Count > 1) a21 = TL.FusedMultiplyAdd(y, w1, a21);
            if (TW.Count > 2) a22 = TL.FusedMultiplyAdd(y, w2, a22);
            y = Vector512.Load(x3 + j);
            a30 = TL.FusedMultiplyAdd(y, w0, a30);
            if (TW.Count > 1) a31 = TL.FusedMultiplyAdd(y, w1, a31);
            if (TW.Count > 2) a32 = TL.FusedMultiplyAdd(y, w2, a32);
        }

        u[0] = TL.DotTail(Vector512.Sum(a00), x, v, j, d1);
        u[k1] = TL.DotTail(Vector512.Sum(a10), x1, v, j, d1);
        u[2 * k1] = TL.DotTail(Vector512.Sum(a20), x2, v, j, d1);
        u[3 * k1] = TL.DotTail(Vector512.Sum(a30), x3, v, j, d1);
        if (TW.Count > 1)
        {
            u[1] = TL.DotTail(Vector512.Sum(a01), x, v + d1, j, d1);
            u[k1 + 1] = TL.DotTail(Vector512.Sum(a11), x1, v + d1, j, d1);
            u[2 * k1 + 1] = TL.DotTail(Vector512.Sum(a21), x2, v + d1, j, d1);
            u[3 * k1 + 1] = TL.DotTail(Vector512.Sum(a31), x3, v + d1, j, d1);
        }

        if (TW.Count > 2)
        {
            u[2] = TL.DotTail(Vector512.Sum(a02), x, v + 2 * d1, j, d1);
            u[k1 + 2] = TL.DotTail(Vector512.Sum(a12), x1, v + 2 * d1, j, d1);
            u[2 * k1 + 2] = TL.DotTail(Vector512.Sum(a22), x2, v + 2 * d1, j, d1);
            u[3 * k1 + 2] = TL.DotTail(Vector512.Sum(a32), x3, v + 2 * d1, j, d1);
        }
    }

    /// <summary>u[c] = x . v_c for one row and every class: 512-bit lanes where the CPU has them, then <see cref="DoubleLanes.DotTail"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotOneRow(double* x, int d1, double* v, int k1, double* u)
    {
        for (int c = 0; c < k1; c++)
        {
            double* vc = v + (nint)c * d1;
            int j = 0;
            double sum = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var acc = Vector512<double>.Zero;
                for (; j + 8 <= d1; j += 8) acc = Vector512.FusedMultiplyAdd(Vector512.Load(x + j), Vector512.Load(vc + j), acc);
                sum = Vector512.Sum(acc);
            }

            u[c] = DoubleLanes.DotTail(sum, x, vc, j, d1);
        }
    }

    /// <summary>r_c += sum_row t[row * k1 + c] x_row for the four rows x_0..x_3 (stride d1) and every class c (r_c at r + c d1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyFourRows(double* x, int d1, double* t, int k1, double* r)
    {
        if (Blocked)
        {
            AxpyFourRows<double, DoubleLanes>(x, d1, t, k1, r);
            return;
        }

        for (int c = 0; c < k1; c++) DoubleLanes.AxpyTail(x, d1, t + c, k1, r + (nint)c * d1, 0);
    }

    /// <summary>The blocked <see cref="AxpyFourRows(double*, int, double*, int, double*)"/>, three classes per pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyFourRows<T, TL>(T* x, int d1, T* t, int k1, T* r) where T : unmanaged where TL : struct, ILanes<T>
    {
        int c = 0;
        for (; c + 3 <= k1; c += 3) AxpyFourRows<T, TL, Three>(x, d1, t + c, k1, r + (nint)c * d1);
        if (k1 - c == 2) AxpyFourRows<T, TL, Two>(x, d1, t + c, k1, r + (nint)c * d1);
        else if (k1 - c == 1) AxpyFourRows<T, TL, One>(x, d1, t + c, k1, r + (nint)c * d1);
    }

    /// <summary>Classes 0..W-1 of <see cref="AxpyFourRows{T, TL}"/>: each x vector loaded once for W classes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyFourRows<T, TL, TW>(T* x, int d1, T* t, int k1, T* r) where T : unmanaged where TL : struct, ILanes<T> where TW : struct, IWidth
    {
        T* x1 = x + d1, x2 = x1 + d1, x3 = x2 + d1;
        T* r1 = r + d1, r2 = r1 + d1;
        var t00 = Vector512.Create(t[0]);
        var t10 = Vector512.Create(t[k1]);
        var t20 = Vector512.Create(t[2 * k1]);
        var t30 = Vector512.Create(t[3 * k1]);
        var t01 = Vector512.Create(TW.Count > 1 ? t[1] : default);
        var t11 = Vector512.Create(TW.Count > 1 ? t[k1 + 1] : default);
        var t21 = Vector512.Create(TW.Count > 1 ? t[2 * k1 + 1] : default);
        var t31 = Vector512.Create(TW.Count > 1 ? t[3 * k1 + 1] : default);
        var t02 = Vector512.Create(TW.Count > 2 ? t[2] : default);
        var t12 = Vector512.Create(TW.Count > 2 ? t[k1 + 2] : default);
        var t22 = Vector512.Create(TW.Count > 2 ? t[2 * k1 + 2] : default);
        var t32 = Vector512.Create(TW.Count > 2 ? t[3 * k1 + 2] : default);
        int lanes = Vector512<T>.Count, j = 0;
        for (; j + lanes <= d1; j += lanes)
        {
            var y0 = Vector512.Load(x + j);
            var y1 = Vector512.Load(x1 + j);
            var y2 = Vector512.Load(x2 + j);
            var y3 = Vector512.Load(x3 + j);
            var acc = Vector512.Load(r + j);
            acc = TL.FusedMultiplyAdd(t00, y0, acc);
            acc = TL.FusedMultiplyAdd(t10, y1, acc);
            acc = TL.FusedMultiplyAdd(t20, y2, acc);
            TL.FusedMultiplyAdd(t30, y3, acc).Store(r + j);
            if (TW.Count > 1)
            {
                acc = Vector512.Load(r1 + j);
                acc = TL.FusedMultiplyAdd(t01, y0, acc);
                acc = TL.FusedMultiplyAdd(t11, y1, acc);
                acc = TL.FusedMultiplyAdd(t21, y2, acc);
                TL.FusedMultiplyAdd(t31, y3, acc).Store(r1 + j);
            }

            if (TW.Count > 2)
            {
                acc = Vector512.Load(r2 + j);
                acc = TL.FusedMultiplyAdd(t02, y0, acc);
                acc = TL.FusedMultiplyAdd(t12, y1, acc);
                acc = TL.FusedMultiplyAdd(t22, y2, acc);
                TL.FusedMultiplyAdd(t32, y3, acc).Store(r2 + j);
            }
        }

        TL.AxpyTail(x, d1, t, k1, r, j);
        if (TW.Count > 1) TL.AxpyTail(x, d1, t + 1, k1, r1, j);
        if (TW.Count > 2) TL.AxpyTail(x, d1, t + 2, k1, r2, j);
    }

    /// <summary>
    /// What the blocked kernels need of an element type beyond the generic vector operations: the fused multiply-add
    /// (not generic in .NET) and how a row's last columns are finished. The JIT specialises each kernel per struct.
    /// </summary>
    private interface ILanes<T> where T : unmanaged
    {
        static abstract Vector512<T> FusedMultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c);

        /// <summary>sum + x[j..d1) . v[j..d1).</summary>
        static abstract T DotTail(T sum, T* x, T* v, int j, int d1);

        /// <summary>r[j..d1) += t[0] x_0 + t[k1] x_1 + t[2 k1] x_2 + t[3 k1] x_3 for four consecutive rows x of length d1.</summary>
        static abstract void AxpyTail(T* x, int d1, T* t, int k1, T* r, int j);
    }

    /// <summary>Double: the tails keep the per-row kernels' order (512-bit where the CPU has it, then 256-bit, then single elements).</summary>
    private readonly struct DoubleLanes : ILanes<double>
    {
        public static Vector512<double> FusedMultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static double DotTail(double sum, double* x, double* v, int j, int d1)
        {
            var acc = Vector256<double>.Zero;
            for (; j + 4 <= d1; j += 4) acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + j), Vector256.Load(v + j), acc);
            sum += Vector256.Sum(acc);
            for (; j < d1; j++) sum += x[j] * v[j];
            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void AxpyTail(double* x, int d1, double* t, int k1, double* r, int j)
        {
            double t0 = t[0], t1 = t[k1], t2 = t[2 * k1], t3 = t[3 * k1];
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
    }

    /// <summary>Single: the blocked kernels run only on 512-bit CPUs, so the tails are the last d1 mod 16 single elements.</summary>
    private readonly struct SingleLanes : ILanes<float>
    {
        public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

        public static float DotTail(float sum, float* x, float* v, int j, int d1)
        {
            for (; j < d1; j++) sum += x[j] * v[j];
            return sum;
        }

        public static void AxpyTail(float* x, int d1, float* t, int k1, float* r, int j)
        {
            float t0 = t[0], t1 = t[k1], t2 = t[2 * k1], t3 = t[3 * k1];
            for (; j < d1; j++) r[j] += t0 * x[j] + t1 * x[d1 + j] + t2 * x[2 * d1 + j] + t3 * x[3 * d1 + j];
        }
    }

    /// <summary>A class count the JIT folds to a constant in each generic instance, so the unused accumulators vanish.</summary>
    private interface IWidth
    {
        static abstract int Count { get; }
    }

    private readonly struct One : IWidth
    {
        public static int Count => 1;
    }

    private readonly struct Two : IWidth
    {
        public static int Count => 2;
    }

    private readonly struct Three : IWidth
    {
        public static int Count => 3;
    }

    /// <summary>
    /// Zeroed room for one partial result per chunk, from the shared pool: a CG solve makes hundreds of products, and a
    /// fresh array per product (large-object heap, new pages each time) cost more than the product itself
    /// (bench probe-kernels: H v median 7.0 -> 4.2 ms at n = 10,000, d = 512, K = 10, 2 cores).
    /// </summary>
    private static double[] RentPartials(int length)
    {
        var partial = ArrayPool<double>.Shared.Rent(length);
        Array.Clear(partial, 0, length);
        return partial;
    }

    /// <summary>The chunks' partial results summed in chunk order (so never depending on the threads); returns the partials to the pool.</summary>
    private static double[] SumPartials(double[] partial, int chunks, int p)
    {
        var result = partial.AsSpan(0, p).ToArray();
        for (int chunk = 1; chunk < chunks; chunk++) TensorPrimitives.Add(result, partial.AsSpan(chunk * p, p), result);
        ArrayPool<double>.Shared.Return(partial);
        return result;
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
