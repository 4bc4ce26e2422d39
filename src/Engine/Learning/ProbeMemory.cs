namespace AugBuild.Engine.Learning;

/// <summary>
/// Bytes the probe's stages will hold at their peak, estimated from n, d and K before they start (the largest
/// arrays of each; measured peaks in docs/performance.md agree to within the runtime's own overhead).
/// </summary>
public static class ProbeMemory
{
    /// <summary>Rows of gradients a thread solves at once (the exact and block influence solves).</summary>
    private const long ChunkRows = PointScores.ChunkRows;

    /// <summary>Half of the memory the runtime may use (physical memory or the container's limit).</summary>
    public static long DefaultBudget() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>The features as the featurizer returns them (float) plus the probe's copy and its [x, 1] rows (double).</summary>
    public static long Data(long n, long d) => n * d * 4 + n * d * 8 + n * (d + 1) * 8;

    /// <summary>
    /// One matrix-free fit: probabilities, logits, residuals and products (n x K each), and a dozen p-vectors; with
    /// many classes, where the products run in single precision, also the float copy of the [x, 1] rows they read and
    /// their per-chunk sums.
    /// </summary>
    public static long Fit(long n, long d, long k) => 8 * (5 * n * k + 12 * (k - 1) * (d + 1))
        + (k - 1 >= Kernels.ThinProducts.MaxClasses && SoftmaxObjective.SinglePrecisionProducts
            ? 4 * (n * (d + 1) + Kernels.ThinProducts.MaxChunks * (k - 1) * (d + 1))
            : 0);

    /// <summary>Cross-validation: each fold running at once holds its training and test copies and one fit.</summary>
    public static long CrossValidation(long n, long d, long k, int folds) =>
        Math.Min(folds, Environment.ProcessorCount) * (Data(n, d) - n * d * 4 + Fit(n, d, k));

    /// <summary>Exact influence: the p x p Hessian (factored in place), the pairwise curvature weights, one gradient chunk per thread.</summary>
    public static long ExactInfluence(long n, long d, long k)
    {
        long p = (k - 1) * (d + 1);
        return 8 * (p * p + p * 192 + n * k * (k - 1) / 2 + Environment.ProcessorCount * ChunkRows * p + n * k);
    }

    /// <summary>Block influence: one (d+1) x (d+1) block and its factor, one row chunk per thread, probabilities and scores.</summary>
    public static long BlockInfluence(long n, long d, long k)
    {
        long d1 = d + 1;
        return 8 * (2 * d1 * d1 + d1 * 192 + Environment.ProcessorCount * ChunkRows * d1 + n * k + 3 * n);
    }

    /// <summary>"1.2 GB", "35 MB".</summary>
    public static string Format(long bytes) =>
        bytes >= 1_000_000_000 ? $"{bytes / 1e9:0.0} GB" : $"{Math.Max(1, bytes / 1_000_000)} MB";
}
