using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>One end-to-end <c>augbuild run</c>: the images, the output folder, and the three settings records.</summary>
public sealed record RunRequest
{
    public required string Images { get; init; }

    public required string OutputDir { get; init; }

    public FeaturizationSettings Featurization { get; init; } = FeaturizationSettings.Default;

    public SelectionSettings Selection { get; init; } = SelectionSettings.Default;

    public OutputSettings Output { get; init; } = OutputSettings.Default;

    /// <summary>Every setting as the command line writes it, for the stages' stamps.</summary>
    internal SettingValues Values() =>
        new(Featurization.Texts().Concat(Selection.Texts()).Concat(Output.Texts()).ToDictionary(), d => d.Option);
}
