namespace AugBuild.Engine.Pipeline;

/// <summary>What the select stage needs: scores, budget and policy; features only for <c>vsv</c> and <c>update</c>.</summary>
public sealed record SelectRequest
{
    public required string ScoresFile { get; init; }

    public required string OutputDir { get; init; }

    public required string Budget { get; init; }

    public string Policy { get; init; } = "random-proportional";

    public string Score { get; init; } = "influence";

    public bool Update { get; init; }

    public bool Downweight { get; init; }

    public int Seed { get; init; }

    /// <summary>Transforms whose copies <c>update</c> refits on and <c>downweight</c> counts.</summary>
    public string Transforms { get; init; } = "translate";

    /// <summary>Overrides the images, featurizer and cache recorded in the scores file (needed by vsv and update).</summary>
    public string? Images { get; init; }

    public string? Featurizer { get; init; }

    public string Device { get; init; } = "auto";

    public string? CacheDir { get; init; }
}
