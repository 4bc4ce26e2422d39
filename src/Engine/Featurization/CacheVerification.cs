using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// <c>--verify-cache &lt;percent&gt;</c>: a seeded sample of the cache hits is recomputed and compared with the
/// cached features; any mismatch fails the run with <see cref="FeaturizationErrors.CacheMismatch"/>. The sample is
/// chosen by hashing each content key with the seed, so the same images are checked on every run with that seed.
/// The comparison allows the rounding differences between execution providers (CPU and GPU share the cache).
/// </summary>
public sealed record CacheVerification(double Percent, int Seed)
{
    /// <summary>Per value: |cached - fresh| ≤ AbsoluteTolerance + RelativeTolerance·|fresh|.</summary>
    public const double AbsoluteTolerance = 1e-4;

    public const double RelativeTolerance = 1e-3;

    /// <summary>The sample seed: fixed, so every run checks the same images of a cache.</summary>
    public const int DefaultSeed = 0;

    /// <summary>A verification of this percentage (0 = none).</summary>
    public static CacheVerification? Of(double percent, int seed = DefaultSeed) => percent > 0 ? new CacheVerification(percent, seed) : null;

    /// <summary>Parses "10", "10%" or "0.5" with the settings grammar (AUG2311 outside [0, 100]); "0" means none.</summary>
    public static CacheVerification? Parse(string? text, int seed = DefaultSeed, string option = "--verify-cache") =>
        Of(AugBuild.Settings.NumberGrammar.Percent(text, option), seed);

    /// <summary>Whether this image's cached features are recomputed.</summary>
    public bool Samples(string contentKey)
    {
        if (Percent >= 100)
            return true;
        var h = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(Seed.ToString(CultureInfo.InvariantCulture) + "\n" + contentKey));
        return h % 1_000_000 < Percent * 10_000;
    }

    /// <summary>Null when the cached vector matches the recomputed one; else where it differs.</summary>
    public static string? Compare(float[] cached, float[] fresh)
    {
        if (cached.Length != fresh.Length)
            return $"{cached.Length} cached values, {fresh.Length} recomputed";
        for (var i = 0; i < fresh.Length; i++)
        {
            if (Math.Abs((double)cached[i] - fresh[i]) > AbsoluteTolerance + RelativeTolerance * Math.Abs((double)fresh[i]))
                return string.Create(CultureInfo.InvariantCulture, $"value {i} is {cached[i]:R} cached but {fresh[i]:R} recomputed");
        }

        return null;
    }
}
