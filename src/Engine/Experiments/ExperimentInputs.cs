using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Experiments;

/// <summary>Where a study's images come from and how they become features.</summary>
public sealed record ExperimentInputs
{
    /// <summary>Training images: a folder of class folders or a CSV manifest.</summary>
    public required string Train { get; init; }

    /// <summary>Test images, with class names that occur in the training set.</summary>
    public required string Test { get; init; }

    public required TransformSet Transforms { get; init; }

    public FeaturizationSettings Featurization { get; init; } = FeaturizationSettings.Default;
}
