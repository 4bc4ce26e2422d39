using AugBuild.Engine.ScaleOut;
using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>What the featurize stage needs: the images, how to featurize them, and which shard of them is this process's.</summary>
public sealed record FeaturizeRequest
{
    public required string Images { get; init; }

    public FeaturizationSettings Featurization { get; init; } = FeaturizationSettings.Default;

    /// <summary>This process's shard; null featurizes every image.</summary>
    public ShardSpec? Shard { get; init; }

    public bool FailOnBadImage { get; init; }
}
