using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>What the select stage needs: scores, budget and policy; features only for <c>vsv</c> and <c>update</c>.</summary>
public sealed record SelectRequest
{
    public required string ScoresFile { get; init; }

    public required string OutputDir { get; init; }

    public SelectionSettings Selection { get; init; } = SelectionSettings.Default;

    /// <summary>The copies <c>update</c> refits on and <c>downweight</c> counts.</summary>
    public OutputSettings Output { get; init; } = OutputSettings.Default;

    /// <summary>For vsv and update: its featurizer and cache, when set, override the ones the scores file records.</summary>
    public FeaturizationSettings Featurization { get; init; } = FeaturizationSettings.Default;

    /// <summary>Overrides the images recorded in the scores file (needed by vsv and update).</summary>
    public string? Images { get; init; }
}
