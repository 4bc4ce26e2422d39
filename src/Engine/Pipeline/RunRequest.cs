using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>One end-to-end <c>augbuild run</c>: the images, the output folder, and the three settings records.</summary>
public sealed record RunRequest
{
    public required string Images { get; init; }

    /// <summary>A local folder, or s3://bucket/prefix: the run then works in <see cref="StagingDir"/> and publishes there.</summary>
    public required string OutputDir { get; init; }

    /// <summary>With an s3:// <see cref="OutputDir"/>: the local folder the run works in (null: one per target under the local cache folder).</summary>
    public string? StagingDir { get; init; }

    public FeaturizationSettings Featurization { get; init; } = FeaturizationSettings.Default;

    public SelectionSettings Selection { get; init; } = SelectionSettings.Default;

    public OutputSettings Output { get; init; } = OutputSettings.Default;

    /// <summary>Every setting as the command line writes it, for the stages' stamps.</summary>
    internal SettingValues Values() =>
        new(Featurization.Texts().Concat(Selection.Texts()).Concat(Output.Texts()).ToDictionary(), d => d.Option);
}
