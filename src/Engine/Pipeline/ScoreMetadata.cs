namespace AugBuild.Engine.Pipeline;

/// <summary>Keys of the Parquet key-value metadata the score stage records, so later stages can find the same inputs.</summary>
public static class ScoreMetadata
{
    public const string Images = "augbuild.images";
    public const string Featurizer = "augbuild.featurizer";
    public const string FeaturizerIdentity = "augbuild.featurizer_identity";
    public const string Classes = "augbuild.classes";
    public const string C = "augbuild.C";

    /// <summary>The influence method that ran (exact, block, or none with loss scores only) and why.</summary>
    public const string Influence = "augbuild.influence";
    public const string InfluenceReason = "augbuild.influence_reason";
    public const string Cache = "augbuild.cache";
    public const string ToolVersion = "augbuild.version";
}
