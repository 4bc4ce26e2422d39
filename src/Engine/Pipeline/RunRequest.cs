namespace AugBuild.Engine.Pipeline;

/// <summary>Every stage's settings for one end-to-end <c>augbuild run</c>.</summary>
public sealed record RunRequest
{
    public required string Images { get; init; }

    public required string OutputDir { get; init; }

    public required string Budget { get; init; }

    public string Policy { get; init; } = "random-proportional";

    public string Score { get; init; } = "influence";

    public bool Update { get; init; }

    public bool Downweight { get; init; }

    public string Featurizer { get; init; } = "resnet18";

    public string Device { get; init; } = "auto";

    public string Transforms { get; init; } = "translate";

    public int Seed { get; init; }

    public string? CacheDir { get; init; }

    public double? C { get; init; }

    public string Format { get; init; } = "png";

    public string ShardSize { get; init; } = "500MB";

    public int BatchSize { get; init; } = 32;

    public bool FailOnBadImage { get; init; }
}
