namespace AugBuild.Tasks;

/// <summary>
/// Diagnostic codes raised by the MSBuild integration (range AUG7000-AUG7099; docs/msbuild.md lists each).
/// The worker's own codes (outside this range) pass through unchanged.
/// </summary>
internal static class AugErrors
{
    public const string UnsupportedPlatform = "AUG7000";
    public const string DependencyMissing = "AUG7001";
    public const string InvalidBudget = "AUG7002";
    public const string InvalidPolicy = "AUG7003";
    public const string NoImages = "AUG7004";
    public const string ImageWithoutLabel = "AUG7005";
    public const string ModelNotFound = "AUG7006";
    public const string WorkerNotFound = "AUG7007";
    public const string DotnetHostNotFound = "AUG7008";
    public const string WorkerFailed = "AUG7009";
    public const string InvalidScore = "AUG7010";
    public const string InvalidDevice = "AUG7011";
    public const string InvalidSeed = "AUG7012";
    public const string InvalidFormat = "AUG7013";
    public const string InvalidFeaturizer = "AUG7014";
    public const string ImageNotFound = "AUG7015";
    public const string WorkerDepsUnreadable = "AUG7016";
    public const string InvalidC = "AUG7017";
}
