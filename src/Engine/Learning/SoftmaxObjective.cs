using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Engine.Learning;

/// <summary>
/// The fitted objective L(theta) = sum_i c_i l_i + (lambda/2) sum_c ||w_c||^2 and its derivatives
/// (method.md, "The classifier"), in the parameter layout of <see cref="SoftmaxModel"/>.
/// </summary>
internal static unsafe class SoftmaxObjective
{
    /// <summary>Logits z_ic for classes c = 1..K-1 (n x (K-1), row-major); class 0's logit is 0.</summary>
    internal static double[] Logits(double[] theta, TrainingSet data, bool parallel = true) => Times(data, theta, parallel);

    /// <summary>
    /// U = X~ V^T (n x (K-1)) for V a parameter-shaped (K-1) x (d+1) vector: few classes by row loops, else one GEMM.
    /// <paramref name="into"/> may be longer (an array from the pool): only its first n (K-1) entries are written.
    /// </summary>
    private static double[] Times(TrainingSet data, ReadOnlySpan<double> v, bool parallel, double[]? into = null)
    {
        int n = data.Count, d1 = data.Dimension + 1, k1 = data.ClassCount - 1;
        var u = into ?? new double[n * k1];
        if (into is not null) Array.Clear(u, 0, n * k1); // the GEMM accumulates
        if (k1 < ThinProducts.MaxClasses)
        {
            ThinProducts.RowsTimesBlocks(data.Augmented, n, d1, v, k1, u, parallel);
            return u;
        }

        fixed (double* x = data.Augmented, pv = v, pu = u)
        {
            Gemm.Multiply(n, k1, d1, 1.0, StridedMatrix.RowMajor(x, d1), new StridedMatrix(pv, 1, d1), pu, k1, parallel: parallel);
        }

        return u;
    }

    /// <summary>T^T X~ ((K-1) x (d+1), parameter-shaped) for T n x (K-1).</summary>
    private static double[] TransposeTimes(double[] t, TrainingSet data, bool parallel)
    {
        int n = data.Count, d1 = data.Dimension + 1, k1 = data.ClassCount - 1;
        if (k1 < ThinProducts.MaxClasses) return ThinProducts.BlocksTimesRows(t, data.Augmented, n, d1, k1, parallel);
        var result = new double[k1 * d1];
        fixed (double* pt = t, x = data.Augmented, pr = result)
        {
            // K-1 rows are fewer than one GEMM row block, so the GEMM's row-block parallelism has nothing to share here:
            // split the d+1 columns instead, at multiples of every kernel's NR, so every element is summed in the same
            // order as in one call (bit-identical, whatever the thread count).
            int per = RoundUp((d1 + Environment.ProcessorCount - 1) / Environment.ProcessorCount, ColumnSlice);
            int slices = (d1 + per - 1) / per;
            if (parallel && slices > 1 && k1 < Gemm.MC && (double)k1 * d1 * n >= Gemm.ParallelWork)
            {
                nint a = (nint)pt, b = (nint)x, c = (nint)pr;
                Parallel.For(0, slices, s =>
                {
                    int j0 = s * per, width = Math.Min(d1, j0 + per) - j0;
                    Gemm.Multiply(k1, width, n, 1.0, new StridedMatrix((double*)a, 1, k1), StridedMatrix.RowMajor((double*)b + j0, d1),
                        (double*)c + j0, d1, parallel: false);
                });
            }
            else
            {
                Gemm.Multiply(k1, d1, n, 1.0, new StridedMatrix(pt, 1, k1), StridedMatrix.RowMajor(x, d1), pr, d1, parallel: parallel);
            }
        }

        return result;
    }

    /// <summary>Column slices of <see cref="TransposeTimes"/> start at multiples of this: a multiple of every kernel's NR.</summary>
    private const int ColumnSlice = 64;

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>Probabilities of all K classes (n x K, row-major) and the per-point losses l_i = -log p_{y_i}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (double[] Probabilities, double[] Losses) Evaluate(double[] theta, TrainingSet data, bool parallel = true)
    {
        int n = data.Count, k = data.ClassCount, k1 = k - 1;
        // The logits are scratch: from the pool, since a fit evaluates dozens of times and at K = 100 each n x (K-1)
        // array is tens of MB of large-object garbage (the GC then let the 50,000 x 100 fit's heap grow past 3 GB).
        var z = ArrayPool<double>.Shared.Rent(n * k1);
        Times(data, theta, parallel, z);
        var probs = new double[n * k];
        var losses = new double[n];
        ForRows(n, k, parallel, i =>
        {
            var p = probs.AsSpan(i * k, k);
            p[0] = 0;
            z.AsSpan(i * k1, k1).CopyTo(p[1..]);
            int y = data.Labels[i];
            double zy = p[y];
            double lse = LogSumExp(p);
            losses[i] = lse - zy;
            for (int c = 0; c < k; c++) p[c] = Math.Exp(p[c] - lse);
        });

        ArrayPool<double>.Shared.Return(z);
        return (probs, losses);
    }

    /// <summary>
    /// A loop over rows whose iterations are independent (each writes only its own row), on all cores when there is
    /// enough of it: at K = 100 these n x K loops were a serial few percent of every product. Same numbers either way.
    /// </summary>
    private static void ForRows(int n, int k, bool parallel, Action<int> row)
    {
        const int rowsPerTask = 256;
        if (!parallel || (long)n * k < 1 << 18)
        {
            for (int i = 0; i < n; i++) row(i);
            return;
        }

        Parallel.For(0, (n + rowsPerTask - 1) / rowsPerTask, block =>
        {
            int end = Math.Min(n, (block + 1) * rowsPerTask);
            for (int i = block * rowsPerTask; i < end; i++) row(i);
        });
    }

    /// <summary>Softmax of logits in place, stable against overflow.</summary>
    internal static void SoftmaxInPlace(Span<double> z)
    {
        double lse = LogSumExp(z);
        for (int c = 0; c < z.Length; c++) z[c] = Math.Exp(z[c] - lse);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LogSumExp(ReadOnlySpan<double> z)
    {
        double max = TensorPrimitives.Max(z);
        double sum = 0;
        for (int c = 0; c < z.Length; c++) sum += Math.Exp(z[c] - max);
        return max + Math.Log(sum);
    }

    /// <summary>(lambda/2) sum_c ||w_c||^2 (biases excluded).</summary>
    internal static double Penalty(double[] theta, int dimension, int classCount, double lambda)
    {
        int d1 = dimension + 1;
        double sum = 0;
        for (int c = 0; c < classCount - 1; c++) sum += TensorPrimitives.SumOfSquares(theta.AsSpan(c * d1, dimension));
        return 0.5 * lambda * sum;
    }

    internal static double Value(double[] theta, TrainingSet data, double lambda, double[] losses) =>
        TensorPrimitives.Dot(data.Weights, losses) + Penalty(theta, data.Dimension, data.ClassCount, lambda);

    /// <summary>grad L = sum_i c_i (p_i - e_{y_i}) (x) [x_i; 1] + lambda (w, 0), as one GEMM R^T X.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double[] Gradient(double[] theta, TrainingSet data, double lambda, double[] probabilities, bool parallel = true)
    {
        int n = data.Count, d = data.Dimension, d1 = d + 1, k = data.ClassCount, k1 = k - 1;
        var r = ArrayPool<double>.Shared.Rent(n * k1); // scratch, as the logits in Evaluate
        ForRows(n, k, parallel, i =>
        {
            double c = data.Weights[i];
            int y = data.Labels[i];
            for (int cls = 1; cls < k; cls++) r[i * k1 + cls - 1] = c * (probabilities[i * k + cls] - (y == cls ? 1 : 0));
        });

        var g = TransposeTimes(r, data, parallel);
        ArrayPool<double>.Shared.Return(r);

        for (int cls = 0; cls < k1; cls++)
        {
            var gw = g.AsSpan(cls * d1, d);
            TensorPrimitives.MultiplyAdd(theta.AsSpan(cls * d1, d), lambda, gw, gw);
        }

        return g;
    }

    /// <summary>grad l_i (unweighted, unpenalised) of one row: (p - e_y) restricted to classes 1..K-1, (x) [x; 1].</summary>
    internal static double[] PointGradient(SoftmaxModel model, ReadOnlySpan<double> x, int label)
    {
        var p = model.Probabilities(x);
        int d = model.Dimension, d1 = d + 1;
        var g = new double[(model.ClassCount - 1) * d1];
        for (int c = 1; c < model.ClassCount; c++)
        {
            double r = p[c] - (label == c ? 1 : 0);
            var block = g.AsSpan((c - 1) * d1, d1);
            TensorPrimitives.Multiply(x, r, block[..d]);
            block[d] = r;
        }

        return g;
    }

    /// <summary>
    /// H = sum_i c_i (diag(p_i) - p_i p_i^T) (x) [x_i;1][x_i;1]^T + lambda (I on weights, 0 on biases), full
    /// symmetric p x p. Only the lower triangles of the (K-1)K/2 lower blocks are computed, each as one
    /// weighted GEMM X^T diag(w_ab) X; the rest is mirrored. When every row has the same probabilities (theta
    /// with zero weights, e.g. a cold start) it is a Kronecker product built from one Gram matrix.
    /// </summary>
    internal static double[] Hessian(TrainingSet data, double lambda, double[] probabilities, bool parallel = true)
    {
        int n = data.Count, d = data.Dimension, d1 = d + 1, k = data.ClassCount, k1 = k - 1, p = k1 * d1;
        if ((long)p * p > Array.MaxLength)
        {
            throw new AugBuildException(LearningErrors.ProblemTooLarge,
                $"The probe has p = (K-1)(d+1) = {p} parameters; its exact Hessian (p x p) is too large. Use loss scores, fewer classes or a smaller feature dimension.",
                "features");
        }
        // At theta = 0 (every cold fit's first step) all rows share one probability vector, so every block is a
        // multiple of the same Gram matrix: one GEMM instead of K(K-1)/2.
        var h = SameProbabilitiesEveryRow(probabilities, n, k)
            ? KroneckerHessian(data, probabilities, parallel)
            : BlockHessian(data, probabilities, parallel);

        for (int c = 0; c < k1; c++)
        {
            for (int j = 0; j < d; j++)
            {
                long diag = (long)(c * d1 + j) * (p + 1);
                h[diag] += lambda;
            }
        }

        return h;
    }

    /// <summary>sum_i c_i (diag(p_i) - p_i p_i^T) (x) [x_i;1][x_i;1]^T, one lower-only weighted GEMM per block pair.</summary>
    private static double[] BlockHessian(TrainingSet data, double[] probabilities, bool parallel)
    {
        int n = data.Count, d1 = data.Dimension + 1, k = data.ClassCount, p = (k - 1) * d1;
        var pairs = new List<(int A, int B)>();
        for (int a = 1; a < k; a++)
        {
            for (int b = 1; b <= a; b++) pairs.Add((a, b));
        }

        // w_ab[i] = c_i (p_ia [a == b] - p_ia p_ib)
        var w = new double[pairs.Count * n];
        for (int q = 0; q < pairs.Count; q++)
        {
            var (a, b) = pairs[q];
            for (int i = 0; i < n; i++)
            {
                double pa = probabilities[i * k + a], pb = probabilities[i * k + b];
                w[q * n + i] = data.Weights[i] * ((a == b ? pa : 0) - pa * pb);
            }
        }

        var h = new double[(long)p * p];
        fixed (double* x = data.Augmented, ph = h, pw = w)
        {
            nint xAddr = (nint)x, hAddr = (nint)ph, wAddr = (nint)pw;
            void Block(int q, bool inner)
            {
                var (a, b) = pairs[q];
                double* xs = (double*)xAddr;
                double* c = (double*)hAddr + (nint)(a - 1) * d1 * p + (b - 1) * d1;
                Gemm.Multiply(d1, d1, n, 1.0, new StridedMatrix(xs, 1, d1), StridedMatrix.RowMajor(xs, d1), c, p,
                    scale: (double*)wAddr + (nint)q * n, lowerOnly: true, parallel: inner);
            }

            // Many blocks: one per thread; few (K = 2, 3): split each block's rows instead.
            if (parallel && pairs.Count >= 4 && (double)d1 * d1 * n >= Gemm.ParallelWork)
                Parallel.For(0, pairs.Count, q => Block(q, inner: false));
            else
                for (int q = 0; q < pairs.Count; q++) Block(q, inner: parallel);

            // Each block is symmetric: fill its upper triangle, then mirror the lower blocks onto the upper ones.
            void Symmetrize(int q)
            {
                var (a, b) = pairs[q];
                double* c = (double*)hAddr + (nint)(a - 1) * d1 * p + (b - 1) * d1;
                for (int i = 0; i < d1; i++)
                {
                    for (int j = 0; j < i; j++) c[(nint)j * p + i] = c[(nint)i * p + j];
                }
            }

            if (parallel && p >= 1024)
                Parallel.For(0, pairs.Count, Symmetrize);
            else
                for (int q = 0; q < pairs.Count; q++) Symmetrize(q);

            MirrorLowerToUpper(ph, p, parallel && p >= 1024);
        }

        return h;
    }

    /// <summary>With one probability vector q for all rows: (diag(q) - q q^T) (x) X^T diag(c) X, from a single Gram matrix.</summary>
    private static double[] KroneckerHessian(TrainingSet data, double[] probabilities, bool parallel)
    {
        int n = data.Count, d1 = data.Dimension + 1, k = data.ClassCount, p = (k - 1) * d1;
        var gram = new double[d1 * d1];
        var h = new double[(long)p * p];
        fixed (double* x = data.Augmented, pg = gram, pc = data.Weights, ph = h)
        {
            Gemm.Multiply(d1, d1, n, 1.0, new StridedMatrix(x, 1, d1), StridedMatrix.RowMajor(x, d1), pg, d1,
                scale: pc, lowerOnly: true, parallel: parallel);
            MirrorLowerToUpper(pg, d1, parallel: false);
            nint hAddr = (nint)ph;
            void BlockRow(int a)
            {
                for (int b = 1; b < k; b++)
                {
                    double coefficient = (a == b ? probabilities[a] : 0) - probabilities[a] * probabilities[b];
                    for (int i = 0; i < d1; i++)
                    {
                        var target = new Span<double>((double*)hAddr + ((nint)(a - 1) * d1 + i) * p + (b - 1) * d1, d1);
                        TensorPrimitives.Multiply(gram.AsSpan(i * d1, d1), coefficient, target);
                    }
                }
            }

            if (parallel && p >= 1024) Parallel.For(1, k, BlockRow);
            else for (int a = 1; a < k; a++) BlockRow(a);
        }

        return h;
    }

    internal static bool SameProbabilitiesEveryRow(double[] probabilities, int n, int k)
    {
        if (n == 0) return false;
        var first = probabilities.AsSpan(0, k);
        for (int i = 1; i < n; i++)
        {
            if (!probabilities.AsSpan(i * k, k).SequenceEqual(first)) return false;
        }

        return true;
    }

    /// <summary>
    /// Many classes (K-1 >= 32): Hessian-vector products on single-precision rows where the CPU has 512-bit vectors,
    /// 2.1x faster than the double GEMMs (`probe-kernels 25000 512 100`: 41.8 against 88.2 ms) and to the same optimum
    /// (CG needs the product only to its forcing tolerance; the gradient stays double). False: the double GEMMs.
    /// </summary>
    internal static bool SinglePrecisionProducts { get; } = Vector512.IsHardwareAccelerated;

    /// <summary>
    /// H v without forming H: u_i = V [x_i; 1] (V is v as (K-1) x (d+1)), t_ic = c_i p_ic (u_ic - sum_b p_ib u_ib)
    /// over classes 1..K-1, H v = T^T X + lambda (v_w, 0). O(n p): with few classes one fused pass over X, else two thin GEMMs.
    /// </summary>
    /// <param name="singlePrecision">Many classes only: the single-precision products or the double GEMMs; null: <see cref="SinglePrecisionProducts"/>.</param>
    internal static double[] HessianVector(TrainingSet data, double lambda, double[] probabilities, ReadOnlySpan<double> v, bool parallel = true,
        bool? singlePrecision = null)
    {
        int n = data.Count, d = data.Dimension, d1 = d + 1, k = data.ClassCount, k1 = k - 1;
        if (k1 < ThinProducts.MaxClasses)
        {
            var fused = ThinProducts.HessianTimes(data.Augmented, n, d1, v, k1, probabilities, data.Weights, parallel);
            AddPenalty(fused, v, lambda, d, d1, k1);
            return fused;
        }

        if (singlePrecision ?? SinglePrecisionProducts)
        {
            var single = ThinProducts.HessianTimesSingle(data.AugmentedSingle, n, d1, v, k1, probabilities, data.Weights, parallel);
            AddPenalty(single, v, lambda, d, d1, k1);
            return single;
        }

        // The n x (K-1) scratch from the pool: a CG solve makes hundreds of products.
        var u = Times(data, v, parallel, ArrayPool<double>.Shared.Rent(n * k1));
        ForRows(n, k, parallel, i =>
        {
            var ui = u.AsSpan(i * k1, k1);
            double mean = 0;
            for (int c = 1; c < k; c++) mean += probabilities[i * k + c] * ui[c - 1];
            double weight = data.Weights[i];
            for (int c = 1; c < k; c++) ui[c - 1] = weight * probabilities[i * k + c] * (ui[c - 1] - mean);
        });

        var result = TransposeTimes(u, data, parallel);
        ArrayPool<double>.Shared.Return(u);
        AddPenalty(result, v, lambda, d, d1, k1);
        return result;
    }

    private static void AddPenalty(double[] result, ReadOnlySpan<double> v, double lambda, int d, int d1, int k1)
    {
        for (int c = 0; c < k1; c++)
        {
            var block = result.AsSpan(c * d1, d);
            TensorPrimitives.MultiplyAdd(v.Slice(c * d1, d), lambda, block, block);
        }
    }

    /// <summary>A[j, i] = A[i, j] for i &gt; j, in cache-sized tiles.</summary>
    internal static void MirrorLowerToUpper(double* a, int n, bool parallel)
    {
        const int tile = 64;
        int tiles = (n + tile - 1) / tile;
        nint addr = (nint)a;
        void Row(int ti)
        {
            double* m = (double*)addr;
            int i0 = ti * tile, i1 = Math.Min(n, i0 + tile);
            for (int j0 = 0; j0 <= i0; j0 += tile)
            {
                for (int i = i0; i < i1; i++)
                {
                    int j1 = Math.Min(i, j0 + tile);
                    for (int j = j0; j < j1; j++) m[(nint)j * n + i] = m[(nint)i * n + j];
                }
            }
        }

        if (parallel)
            Parallel.For(0, tiles, Row);
        else
            for (int t = 0; t < tiles; t++) Row(t);
    }
}
