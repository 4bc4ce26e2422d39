using System.Runtime.Intrinsics;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Engine.Tests.Learning;

/// <summary>The blocked kernels against textbook versions, on sizes that are not multiples of any block.</summary>
public sealed unsafe class KernelTests
{
    public static TheoryData<string> Kernels()
    {
        var kernels = new TheoryData<string> { "scalar" };
        if (Vector128.IsHardwareAccelerated) kernels.Add("simd128");
        if (Vector256.IsHardwareAccelerated) kernels.Add("avx2");
        if (Vector512.IsHardwareAccelerated) kernels.Add("avx512");
        return kernels;
    }

    private static void Multiply(string kernel, int m, int n, int k, double alpha, StridedMatrix a, StridedMatrix b, double* c, int ldc,
        double* scale, bool lowerOnly, bool parallel)
    {
        switch (kernel)
        {
            case "avx512": Gemm.Multiply<Kernel512>(m, n, k, alpha, a, b, c, ldc, scale, lowerOnly, parallel); break;
            case "avx2": Gemm.Multiply<Kernel256>(m, n, k, alpha, a, b, c, ldc, scale, lowerOnly, parallel); break;
            case "simd128": Gemm.Multiply<Kernel128>(m, n, k, alpha, a, b, c, ldc, scale, lowerOnly, parallel); break;
            default: Gemm.Multiply<KernelScalar>(m, n, k, alpha, a, b, c, ldc, scale, lowerOnly, parallel); break;
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GemmMatchesNaiveOnRaggedSizesWithTransposesScaleAndParallelism(string kernel)
    {
        var rng = new Random(3);
        // m spans several MC row blocks, k several KC panels; none is a multiple of MR, NR, MC or KC.
        foreach (var (m, n, k, parallel) in new[] { (301, 37, 517, true), (13, 29, 7, false), (1, 1, 1, false), (150, 151, 260, true) })
        {
            var a = Dense.Random(rng, m, k);
            var bT = Dense.Random(rng, n, k); // B is given transposed: B[t, j] = bT[j, t]
            var scale = Enumerable.Range(0, k).Select(_ => rng.NextDouble() + 0.5).ToArray();
            var c0 = Dense.Random(rng, m, n + 3); // ldc > n: columns past n must stay untouched

            var expected = (double[,])c0.Clone();
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int t = 0; t < k; t++) s += a[i, t] * scale[t] * bT[j, t];
                    expected[i, j] += -0.5 * s;
                }
            }

            var aFlat = Dense.ToRowMajor(a);
            var bFlat = Dense.ToRowMajor(bT);
            var cFlat = Dense.ToRowMajor(c0);
            fixed (double* pa = aFlat, pb = bFlat, pc = cFlat, ps = scale)
            {
                Multiply(kernel, m, n, k, -0.5, StridedMatrix.RowMajor(pa, k), StridedMatrix.RowMajor(pb, k).Transposed, pc, n + 3, ps, false, parallel);
            }

            Assert.True(Dense.MaxAbsDifference(expected, Dense.FromRowMajor(cFlat, m, n + 3)) < 1e-11, $"{m}x{n}x{k}");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GemmLowerOnlyUpdatesExactlyTheLowerTriangle(string kernel)
    {
        var rng = new Random(4);
        int n = 163, k = 45;
        var a = Dense.Random(rng, n, k);
        var c0 = Dense.Random(rng, n, n);
        var product = Dense.Multiply(a, Dense.Transpose(a));
        var aFlat = Dense.ToRowMajor(a);
        var cFlat = Dense.ToRowMajor(c0);
        fixed (double* pa = aFlat, pc = cFlat)
        {
            var view = StridedMatrix.RowMajor(pa, k);
            Multiply(kernel, n, n, k, 1.0, view, view.Transposed, pc, n, null, true, true);
        }

        var c = Dense.FromRowMajor(cFlat, n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = j <= i ? c0[i, j] + product[i, j] : c0[i, j];
                Assert.True(Math.Abs(c[i, j] - expected) < 1e-11, $"({i},{j})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GemmReadsEveryLayoutOfAAndB(string kernel)
    {
        // Each operand row-major or transposed (column-major): the packing has a fast path for each case.
        var rng = new Random(6);
        int m = 29, n = 35, k = 270;
        var a = Dense.Random(rng, m, k);
        var b = Dense.Random(rng, k, n);
        var expected = Dense.Multiply(a, b);
        foreach (bool aTransposed in new[] { false, true })
        {
            foreach (bool bTransposed in new[] { false, true })
            {
                var aFlat = Dense.ToRowMajor(aTransposed ? Dense.Transpose(a) : a);
                var bFlat = Dense.ToRowMajor(bTransposed ? Dense.Transpose(b) : b);
                var c = new double[m * n];
                fixed (double* pa = aFlat, pb = bFlat, pc = c)
                {
                    var av = aTransposed ? StridedMatrix.RowMajor(pa, m).Transposed : StridedMatrix.RowMajor(pa, k);
                    var bv = bTransposed ? StridedMatrix.RowMajor(pb, k).Transposed : StridedMatrix.RowMajor(pb, n);
                    Multiply(kernel, m, n, k, 1.0, av, bv, pc, n, null, false, false);
                }

                Assert.True(Dense.MaxAbsDifference(expected, Dense.FromRowMajor(c, m, n)) < 1e-12, $"A^T {aTransposed}, B^T {bTransposed}");
            }
        }
    }

    [Fact]
    public void GemmCoversMoreColumnsThanOnePanel()
    {
        var rng = new Random(5);
        int m = 5, n = Gemm.NC + 21, k = 3;
        var a = Dense.Random(rng, m, k);
        var b = Dense.Random(rng, k, n);
        var expected = Dense.Multiply(a, b);
        var c = new double[m * n];
        var aFlat = Dense.ToRowMajor(a);
        var bFlat = Dense.ToRowMajor(b);
        fixed (double* pa = aFlat, pb = bFlat, pc = c)
        {
            Gemm.Multiply(m, n, k, 1.0, StridedMatrix.RowMajor(pa, k), StridedMatrix.RowMajor(pb, n), pc, n);
        }

        Assert.True(Dense.MaxAbsDifference(expected, Dense.FromRowMajor(c, m, n)) < 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(2 * Cholesky.BlockSize + 29)]
    public void BlockedCholeskyMatchesNaiveAndLeavesTheUpperTriangle(int n)
    {
        var a = Dense.RandomSpd(new Random(n), n);
        var expected = Dense.Cholesky(a);
        var flat = Dense.ToRowMajor(a);
        var inverse = new double[n * Cholesky.BlockSize];
        fixed (double* pa = flat, pinv = inverse)
        {
            Assert.True(Cholesky.TryFactor(pa, n, n, pinv, parallel: true));
        }

        var l = Dense.FromRowMajor(flat, n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (j <= i) Assert.True(Math.Abs(l[i, j] - expected[i, j]) < 1e-10, $"L({i},{j})");
                else Assert.Equal(a[i, j], l[i, j]); // strict upper triangle untouched
            }
        }

        // The stored inverse of the last (ragged) diagonal block really is inv(L_JJ).
        for (int j0 = (n - 1) / Cholesky.BlockSize * Cholesky.BlockSize; j0 < n; j0 += Cholesky.BlockSize)
        {
            int nb = Math.Min(Cholesky.BlockSize, n - j0);
            for (int i = 0; i < nb; i++)
            {
                for (int j = 0; j < nb; j++)
                {
                    double s = 0;
                    for (int t = 0; t < nb; t++) s += inverse[j0 * Cholesky.BlockSize + i * nb + t] * (t >= j ? l[j0 + t, j0 + j] : 0) * (t <= i ? 1 : 0);
                    Assert.True(Math.Abs(s - (i == j ? 1 : 0)) < 1e-10);
                }
            }
        }
    }

    [Fact]
    public void CholeskyReportsAnIndefiniteMatrix()
    {
        var a = Dense.RandomSpd(new Random(1), 250);
        a[240, 240] = -5;
        var flat = Dense.ToRowMajor(a);
        var inverse = new double[250 * Cholesky.BlockSize];
        fixed (double* pa = flat, pinv = inverse)
        {
            Assert.False(Cholesky.TryFactor(pa, 250, 250, pinv, parallel: false));
        }
    }

    [Fact]
    public void BlockedTriangularSolveOfManyRowsMatchesForwardSubstitution()
    {
        int n = Cholesky.BlockSize + 77, m = 211;
        var rng = new Random(8);
        var a = Dense.RandomSpd(rng, n);
        var g = Dense.Random(rng, m, n);
        var l = Dense.Cholesky(a);
        var flat = Dense.ToRowMajor(a);
        var gFlat = Dense.ToRowMajor(g);
        var inverse = new double[n * Cholesky.BlockSize];
        fixed (double* pa = flat, pinv = inverse, pg = gFlat)
        {
            Assert.True(Cholesky.TryFactor(pa, n, n, pinv, parallel: false));
            TriangularSolve.RightLowerTransposed(pg, m, n, pa, n, n, pinv, parallel: true);
        }

        for (int r = 0; r < m; r++)
        {
            // y = L^-1 g_r by textbook forward substitution
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                double s = g[r, i];
                for (int t = 0; t < i; t++) s -= l[i, t] * y[t];
                y[i] = s / l[i, i];
            }

            for (int i = 0; i < n; i++) Assert.True(Math.Abs(gFlat[r * n + i] - y[i]) < 1e-10, $"row {r}, {i}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BlockedVectorSolvesInvertTheFactoredMatrix(bool parallel)
    {
        int n = 2 * Cholesky.BlockSize + 41;
        var rng = new Random(10);
        var a = Dense.RandomSpd(rng, n);
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var flat = Dense.ToRowMajor(a);
        var x = (double[])b.Clone();
        var y = (double[])b.Clone();
        var inverse = new double[n * Cholesky.BlockSize];
        fixed (double* pa = flat, pinv = inverse, px = x, py = y)
        {
            Assert.True(Cholesky.TryFactor(pa, n, n, pinv, parallel: false));
            TriangularSolve.ForwardBlocked(pa, n, n, pinv, py, parallel, parallelFrom: 1);
            TriangularSolve.ForwardBlocked(pa, n, n, pinv, px, parallel, parallelFrom: 1);
            TriangularSolve.BackwardTransposedBlocked(pa, n, n, pinv, px, parallel, parallelFrom: 1);
        }

        var l = Dense.Cholesky(a);
        for (int i = 0; i < n; i++)
        {
            double ax = 0, ly = 0;
            for (int j = 0; j < n; j++) ax += a[i, j] * x[j]; // A (A^-1 b) = b
            for (int j = 0; j <= i; j++) ly += l[i, j] * y[j]; // L (L^-1 b) = b
            Assert.True(Math.Abs(ax - b[i]) < 1e-10, $"x[{i}]");
            Assert.True(Math.Abs(ly - b[i]) < 1e-10, $"y[{i}]");
        }
    }

    [Theory]
    [InlineData(7, 5, 3)]
    [InlineData(203, 130, 9)]
    [InlineData(64, 33, 31)]
    [InlineData(45, 517, 10)]
    [InlineData(13, 1031, 2)]
    public void ThinProductsEqualPlainLoops(int n, int d1, int k1)
    {
        var rng = new Random(n + d1 + k1);
        var x = Enumerable.Range(0, n * d1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, k1 * d1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var t = Enumerable.Range(0, n * k1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var u = new double[n * k1];
        ThinProducts.RowsTimesBlocks(x, n, d1, v, k1, u, parallel: true);
        var r = ThinProducts.BlocksTimesRows(t, x, n, d1, k1, parallel: true);
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k1; c++)
                Assert.Equal(Enumerable.Range(0, d1).Sum(j => x[i * d1 + j] * v[c * d1 + j]), u[i * k1 + c], 1e-12);
        }

        for (int c = 0; c < k1; c++)
        {
            for (int j = 0; j < d1; j++)
                Assert.Equal(Enumerable.Range(0, n).Sum(i => t[i * k1 + c] * x[i * d1 + j]), r[c * d1 + j], 1e-11);
        }
    }

    [Theory]
    [InlineData(7, 5, 3)]
    [InlineData(1203, 130, 9)]
    [InlineData(66, 33, 31)]
    [InlineData(45, 517, 10)]
    [InlineData(13, 1031, 2)]
    public void FusedHessianTimesEqualsItsTwoPassDefinition(int n, int d1, int k1)
    {
        // One pass per row: u = V x_i, t_c = w_i p_ic (u_c - sum_b p_ib u_b), r += t (x) x_i; checked by plain loops.
        var rng = new Random(n * 7 + d1 + k1);
        var (x, v, weights, probs) = ProductProblem(rng, n, d1, k1);

        var r = ThinProducts.HessianTimes(x, n, d1, v, k1, probs, weights, parallel: true);
        var expected = TwoPassProduct(x, n, d1, v, k1, probs, weights);

        for (int q = 0; q < expected.Length; q++) Assert.Equal(expected[q], r[q], 1e-10);
    }

    [Theory]
    [InlineData(45, 517, 10)]
    [InlineData(203, 130, 9)]
    [InlineData(66, 33, 31)]
    [InlineData(13, 1031, 2)]
    public void BlockedAndPerRowKernelsAgreeBitForBit(int n, int d1, int k1)
    {
        // The blocked kernels only regroup loads: each element is summed in the per-row kernels' order.
        var rng = new Random(n * 3 + d1 * 5 + k1);
        int k = k1 + 1;
        var x = Enumerable.Range(0, n * d1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, k1 * d1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var t = Enumerable.Range(0, n * k1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var weights = Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble()).ToArray();
        var probs = Enumerable.Range(0, n * k).Select(_ => rng.NextDouble() / k).ToArray();
        (double[] U, double[] R, double[] H) Run(bool blocked)
        {
            bool before = ThinProducts.Blocked;
            ThinProducts.Blocked = blocked;
            try
            {
                var u = new double[n * k1];
                ThinProducts.RowsTimesBlocks(x, n, d1, v, k1, u, parallel: false);
                return (u, ThinProducts.BlocksTimesRows(t, x, n, d1, k1, parallel: false),
                    ThinProducts.HessianTimes(x, n, d1, v, k1, probs, weights, parallel: false));
            }
            finally
            {
                ThinProducts.Blocked = before;
            }
        }

        var blocked = Run(true);
        var perRow = Run(false);
        Assert.Equal(perRow.U, blocked.U);
        Assert.Equal(perRow.R, blocked.R);
        Assert.Equal(perRow.H, blocked.H);
    }

    [Theory]
    [InlineData(45, 517, 32)]
    [InlineData(203, 33, 40)]
    [InlineData(1203, 130, 99)]
    public void SinglePrecisionHessianTimesIsTheDoubleProductToSinglePrecision(int n, int d1, int k1)
    {
        // The many-class product on float rows against the two-pass definition in double: each entry within 1e-5 of
        // the result's largest magnitude (float rounding of the rows and a few hundred terms per sum).
        var rng = new Random(n + 11 * d1 + k1);
        var (x, v, weights, probs) = ProductProblem(rng, n, d1, k1);

        var r = ThinProducts.HessianTimesSingle(x.Select(value => (float)value).ToArray(), n, d1, v, k1, probs, weights, parallel: true);
        var expected = TwoPassProduct(x, n, d1, v, k1, probs, weights);

        double scale = expected.Max(Math.Abs);
        for (int q = 0; q < expected.Length; q++) Assert.True(Math.Abs(expected[q] - r[q]) <= 1e-5 * scale, $"entry {q}: {r[q]} against {expected[q]}");
        // And it is not the double product by accident: single-precision rounding shows.
        Assert.Contains(Enumerable.Range(0, expected.Length), q => Math.Abs(expected[q] - r[q]) > 1e-12 * scale);
    }

    /// <summary>Rows, a parameter-shaped vector, weights and probability rows (class 0 first) for the product tests.</summary>
    private static (double[] X, double[] V, double[] Weights, double[] Probs) ProductProblem(Random rng, int n, int d1, int k1)
    {
        int k = k1 + 1;
        var x = Enumerable.Range(0, n * d1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, k1 * d1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var weights = Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble()).ToArray();
        var probs = new double[n * k];
        for (int i = 0; i < n; i++)
        {
            var row = Enumerable.Range(0, k).Select(_ => rng.NextDouble() + 0.01).ToArray();
            double sum = row.Sum();
            for (int c = 0; c < k; c++) probs[i * k + c] = row[c] / sum;
        }

        return (x, v, weights, probs);
    }

    /// <summary>The Hessian-vector product's data term by its definition, in plain loops: u = V x_i, t_c = w_i p_ic (u_c - sum_b p_ib u_b), r += t (x) x_i.</summary>
    private static double[] TwoPassProduct(double[] x, int n, int d1, double[] v, int k1, double[] probs, double[] weights)
    {
        int k = k1 + 1;
        var expected = new double[k1 * d1];
        for (int i = 0; i < n; i++)
        {
            var u = new double[k1];
            for (int c = 0; c < k1; c++)
            {
                for (int j = 0; j < d1; j++) u[c] += v[c * d1 + j] * x[i * d1 + j];
            }

            double mean = 0;
            for (int c = 0; c < k1; c++) mean += probs[i * k + c + 1] * u[c];
            for (int c = 0; c < k1; c++)
            {
                double t = weights[i] * probs[i * k + c + 1] * (u[c] - mean);
                for (int j = 0; j < d1; j++) expected[c * d1 + j] += t * x[i * d1 + j];
            }
        }

        return expected;
    }
}
