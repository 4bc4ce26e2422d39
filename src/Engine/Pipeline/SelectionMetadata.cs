namespace AugBuild.Engine.Pipeline;

/// <summary>Keys of the Parquet key-value metadata the select stage adds to the score stage's.</summary>
public static class SelectionMetadata
{
    public const string Budget = "augbuild.budget";
    public const string Policy = "augbuild.policy";
    public const string Score = "augbuild.score";
    public const string Seed = "augbuild.seed";
    public const string Transforms = "augbuild.transforms";
}
