namespace AugBuild.Engine.Pipeline;

/// <summary>What the score stage needs: the dataset, how to featurize it, and how to fit the probe.</summary>
public sealed record ScoreRequest
{
    public required string Images { get; init; }

    public required string OutputDir { get; init; }

    public string Featurizer { get; init; } = "resnet18";

    public string Device { get; init; } = "auto";

    public string? CacheDir { get; init; }

    /// <summary>A fixed C, or null to choose it by stratified 4-fold cross-validation.</summary>
    public double? C { get; init; }

    /// <summary>Which scores to compute; null computes both.</summary>
    public string? Score { get; init; }

    public bool ExportFeatures { get; init; }

    public int BatchSize { get; init; } = 32;

    /// <summary>Fail on an undecodable image instead of skipping it with a warning.</summary>
    public bool FailOnBadImage { get; init; }
}
