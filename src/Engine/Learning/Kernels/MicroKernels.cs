using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AugBuild.Engine.Learning.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: multiplies a packed MR x kc sliver of A by a packed kc x NR sliver
/// of B (both laid out k-major, zero padded) into an MR x NR tile, which it adds to C.
/// </summary>
internal unsafe interface IMicroKernel
{
    static abstract int MR { get; }

    static abstract int NR { get; }

    /// <summary>tile[r * NR + c] = sum_k a[k * MR + r] * b[k * NR + c] (overwrites tile).</summary>
    static abstract void Run(int kc, double* a, double* b, double* tile);

    /// <summary>C[r * ldc + c] += sum_k a[k * MR + r] * b[k * NR + c] for the full MR x NR tile.</summary>
    static abstract void RunAdd(int kc, double* a, double* b, double* c, nint ldc);
}

/// <summary>AVX-512: 12 x 16 tile in 24 zmm accumulators (32 registers available).</summary>
internal readonly unsafe struct Kernel512 : IMicroKernel
{
    public static int MR => 12;

    public static int NR => 16;

    public static void Run(int kc, double* a, double* b, double* tile) => Compute(kc, a, b, tile, NR, overwrite: true);

    public static void RunAdd(int kc, double* a, double* b, double* c, nint ldc) => Compute(kc, a, b, c, ldc, overwrite: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Compute(int kc, double* a, double* b, double* c, nint ldc, bool overwrite)
    {
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<double> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<double> c90 = default, c91 = default, ca0 = default, ca1 = default, cb0 = default, cb1 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 8);
            var x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            x = Vector512.Create(a[8]);
            c80 = Vector512.FusedMultiplyAdd(x, b0, c80); c81 = Vector512.FusedMultiplyAdd(x, b1, c81);
            x = Vector512.Create(a[9]);
            c90 = Vector512.FusedMultiplyAdd(x, b0, c90); c91 = Vector512.FusedMultiplyAdd(x, b1, c91);
            x = Vector512.Create(a[10]);
            ca0 = Vector512.FusedMultiplyAdd(x, b0, ca0); ca1 = Vector512.FusedMultiplyAdd(x, b1, ca1);
            x = Vector512.Create(a[11]);
            cb0 = Vector512.FusedMultiplyAdd(x, b0, cb0); cb1 = Vector512.FusedMultiplyAdd(x, b1, cb1);
            a += 12;
            b += 16;
        }

        Put(c, 0 * ldc, c00, c01, overwrite); Put(c, 1 * ldc, c10, c11, overwrite);
        Put(c, 2 * ldc, c20, c21, overwrite); Put(c, 3 * ldc, c30, c31, overwrite);
        Put(c, 4 * ldc, c40, c41, overwrite); Put(c, 5 * ldc, c50, c51, overwrite);
        Put(c, 6 * ldc, c60, c61, overwrite); Put(c, 7 * ldc, c70, c71, overwrite);
        Put(c, 8 * ldc, c80, c81, overwrite); Put(c, 9 * ldc, c90, c91, overwrite);
        Put(c, 10 * ldc, ca0, ca1, overwrite); Put(c, 11 * ldc, cb0, cb1, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(double* c, nint offset, Vector512<double> v0, Vector512<double> v1, bool overwrite)
    {
        double* row = c + offset;
        if (overwrite)
        {
            v0.Store(row);
            v1.Store(row + 8);
        }
        else
        {
            (Vector512.Load(row) + v0).Store(row);
            (Vector512.Load(row + 8) + v1).Store(row + 8);
        }
    }
}

/// <summary>AVX2 (16 ymm registers): 6 x 8 tile in 12 accumulators.</summary>
internal readonly unsafe struct Kernel256 : IMicroKernel
{
    public static int MR => 6;

    public static int NR => 8;

    public static void Run(int kc, double* a, double* b, double* tile) => Compute(kc, a, b, tile, NR, overwrite: true);

    public static void RunAdd(int kc, double* a, double* b, double* c, nint ldc) => Compute(kc, a, b, c, ldc, overwrite: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Compute(int kc, double* a, double* b, double* c, nint ldc, bool overwrite)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 4);
            var x = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
            a += 6;
            b += 8;
        }

        Put(c, 0 * ldc, c00, c01, overwrite); Put(c, 1 * ldc, c10, c11, overwrite);
        Put(c, 2 * ldc, c20, c21, overwrite); Put(c, 3 * ldc, c30, c31, overwrite);
        Put(c, 4 * ldc, c40, c41, overwrite); Put(c, 5 * ldc, c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(double* c, nint offset, Vector256<double> v0, Vector256<double> v1, bool overwrite)
    {
        double* row = c + offset;
        if (overwrite)
        {
            v0.Store(row);
            v1.Store(row + 4);
        }
        else
        {
            (Vector256.Load(row) + v0).Store(row);
            (Vector256.Load(row + 4) + v1).Store(row + 4);
        }
    }
}

/// <summary>128-bit SIMD (ARM64 NEON has 32 such registers): 8 x 4 tile in 16 accumulators.</summary>
internal readonly unsafe struct Kernel128 : IMicroKernel
{
    public static int MR => 8;

    public static int NR => 4;

    public static void Run(int kc, double* a, double* b, double* tile) => Compute(kc, a, b, tile, NR, overwrite: true);

    public static void RunAdd(int kc, double* a, double* b, double* c, nint ldc) => Compute(kc, a, b, c, ldc, overwrite: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Compute(int kc, double* a, double* b, double* c, nint ldc, bool overwrite)
    {
        Vector128<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector128<double> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int k = 0; k < kc; k++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 2);
            var x = Vector128.Create(a[0]);
            c00 = Vector128.FusedMultiplyAdd(x, b0, c00); c01 = Vector128.FusedMultiplyAdd(x, b1, c01);
            x = Vector128.Create(a[1]);
            c10 = Vector128.FusedMultiplyAdd(x, b0, c10); c11 = Vector128.FusedMultiplyAdd(x, b1, c11);
            x = Vector128.Create(a[2]);
            c20 = Vector128.FusedMultiplyAdd(x, b0, c20); c21 = Vector128.FusedMultiplyAdd(x, b1, c21);
            x = Vector128.Create(a[3]);
            c30 = Vector128.FusedMultiplyAdd(x, b0, c30); c31 = Vector128.FusedMultiplyAdd(x, b1, c31);
            x = Vector128.Create(a[4]);
            c40 = Vector128.FusedMultiplyAdd(x, b0, c40); c41 = Vector128.FusedMultiplyAdd(x, b1, c41);
            x = Vector128.Create(a[5]);
            c50 = Vector128.FusedMultiplyAdd(x, b0, c50); c51 = Vector128.FusedMultiplyAdd(x, b1, c51);
            x = Vector128.Create(a[6]);
            c60 = Vector128.FusedMultiplyAdd(x, b0, c60); c61 = Vector128.FusedMultiplyAdd(x, b1, c61);
            x = Vector128.Create(a[7]);
            c70 = Vector128.FusedMultiplyAdd(x, b0, c70); c71 = Vector128.FusedMultiplyAdd(x, b1, c71);
            a += 8;
            b += 4;
        }

        Put(c, 0 * ldc, c00, c01, overwrite); Put(c, 1 * ldc, c10, c11, overwrite);
        Put(c, 2 * ldc, c20, c21, overwrite); Put(c, 3 * ldc, c30, c31, overwrite);
        Put(c, 4 * ldc, c40, c41, overwrite); Put(c, 5 * ldc, c50, c51, overwrite);
        Put(c, 6 * ldc, c60, c61, overwrite); Put(c, 7 * ldc, c70, c71, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(double* c, nint offset, Vector128<double> v0, Vector128<double> v1, bool overwrite)
    {
        double* row = c + offset;
        if (overwrite)
        {
            v0.Store(row);
            v1.Store(row + 2);
        }
        else
        {
            (Vector128.Load(row) + v0).Store(row);
            (Vector128.Load(row + 2) + v1).Store(row + 2);
        }
    }
}

/// <summary>Portable fallback for machines without SIMD (and a reference in tests).</summary>
internal readonly unsafe struct KernelScalar : IMicroKernel
{
    public static int MR => 4;

    public static int NR => 4;

    public static void Run(int kc, double* a, double* b, double* tile)
    {
        new Span<double>(tile, 16).Clear();
        Accumulate(kc, a, b, tile, 4);
    }

    public static void RunAdd(int kc, double* a, double* b, double* c, nint ldc) => Accumulate(kc, a, b, c, ldc);

    private static void Accumulate(int kc, double* a, double* b, double* c, nint ldc)
    {
        Span<double> acc = stackalloc double[16];
        for (int k = 0; k < kc; k++, a += 4, b += 4)
        {
            for (int r = 0; r < 4; r++)
            {
                double x = a[r];
                for (int j = 0; j < 4; j++) acc[r * 4 + j] += x * b[j];
            }
        }

        for (int r = 0; r < 4; r++)
        {
            for (int j = 0; j < 4; j++) c[r * ldc + j] += acc[r * 4 + j];
        }
    }
}
