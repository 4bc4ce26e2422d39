namespace AugBuild.Engine.Featurization;

/// <summary>The outcome of one featurize run; arrays are in input order.</summary>
/// <param name="Features">One vector per source; null where the image failed (see <paramref name="Failures"/>).</param>
/// <param name="Dimension">Length of every non-null vector (0 if none succeeded).</param>
/// <param name="Computed">Images run through the featurizer in this run.</param>
/// <param name="Cached">Images whose features came from the cache.</param>
/// <param name="Failures">Index and reason (naming the file) of each image that could not be featurized.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record FeatureRunResult(
    float[]?[] Features,
    int Dimension,
    int Computed,
    int Cached,
    IReadOnlyList<(int Index, string Reason)> Failures,
    TimeSpan Elapsed)
{
    /// <summary>Cache hits recomputed and found equal (<see cref="FeatureCache.Verification"/>); counted in <see cref="Computed"/>.</summary>
    public int Verified { get; init; }
}
