namespace AugBuild.Engine.Experiments;

/// <summary>Where a study's images come from and how they become features.</summary>
public sealed record ExperimentInputs
{
    /// <summary>Training images: a folder of class folders or a CSV manifest.</summary>
    public required string Train { get; init; }

    /// <summary>Test images, with class names that occur in the training set.</summary>
    public required string Test { get; init; }

    public required string Transforms { get; init; }

    public string Featurizer { get; init; } = "resnet18";

    public string Device { get; init; } = "auto";

    public string? CacheDir { get; init; }

    public int BatchSize { get; init; } = 32;
}
