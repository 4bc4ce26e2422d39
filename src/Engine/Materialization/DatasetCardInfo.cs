namespace AugBuild.Engine.Materialization;

/// <summary>
/// What the caller knows about how the set was made, printed on the dataset card. Free text, so each stage
/// formats its own settings; nothing here varies between identical runs (no dates, no timings).
/// </summary>
public sealed record DatasetCardInfo
{
    public string Budget { get; init; } = "n/a";

    public string Policy { get; init; } = "n/a";

    public string Score { get; init; } = "n/a";

    public string Featurizer { get; init; } = "n/a";

    public string Seed { get; init; } = "n/a";

    public string ToolVersion { get; init; } = "n/a";
}
