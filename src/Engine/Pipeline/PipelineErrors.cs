namespace AugBuild.Engine.Pipeline;

/// <summary>AUG6xxx: the stages chained together and the files they pass to each other (docs/errors.md).</summary>
public static class PipelineErrors
{
    /// <summary>A scores, selection or features file is missing or is not a readable Parquet table of that kind.</summary>
    public const string InvalidTable = "AUG6001";

    /// <summary>Warning or error: an image could not be decoded; it is skipped (default) or fails the run (--fail-on-bad-image).</summary>
    public const string BadImage = "AUG6010";

    /// <summary>The scores file lacks the score the policy reads, or a setting it should record.</summary>
    public const string ScoreMissing = "AUG6020";

    /// <summary>The scores file names an image that is not in the given image set.</summary>
    public const string ScoresDoNotMatchImages = "AUG6021";

    /// <summary>The selection names an image that is not in the given image set (error), or images were added since (warning).</summary>
    public const string SelectionDoesNotMatchImages = "AUG6030";
}
