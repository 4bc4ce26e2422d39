using AugBuild.Engine.Learning;
using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>What the score stage needs: the dataset, how to featurize it, and how to fit the probe.</summary>
public sealed record ScoreRequest
{
    public required string Images { get; init; }

    public required string OutputDir { get; init; }

    public FeaturizationSettings Featurization { get; init; } = FeaturizationSettings.Default;

    /// <summary>A fixed C, or null to choose it by stratified 4-fold cross-validation (the selection record's C).</summary>
    public double? C { get; init; }

    /// <summary>Fail on an undecodable image instead of skipping it with a warning (the output record's flag).</summary>
    public bool FailOnBadImage { get; init; }

    /// <summary>Which scores to compute; null computes both.</summary>
    public string? Score { get; init; }

    /// <summary>How influence is computed (the selection record's); auto takes exact while its Hessian fits in <see cref="MemoryBudget"/>.</summary>
    public InfluenceMethod Influence { get; init; } = InfluenceMethod.Auto;

    /// <summary>Bytes the probe may use (the estimate is checked before any stage starts); null: <see cref="ProbeMemory.DefaultBudget"/>.</summary>
    public long? MemoryBudget { get; init; }

    public bool ExportFeatures { get; init; }
}
