namespace AugBuild.Engine.Pipeline;

/// <summary>AUG6xxx: the stages chained together and the files they pass to each other (docs/errors.md).</summary>
public static class PipelineErrors
{
    /// <summary>The scores file lacks the score the policy reads, or a setting it should record.</summary>
    public const string ScoreMissing = "AUG6020";

    /// <summary>The scores file names an image that is not in the given image set.</summary>
    public const string ScoresDoNotMatchImages = "AUG6021";

    /// <summary>The selection names an image that is not in the given image set (error), or images were added since (warning).</summary>
    public const string SelectionDoesNotMatchImages = "AUG6030";

    /// <summary>Warning: a class has fewer images than the 4 cross-validation folds, so C cannot be chosen by cross-validation; C = 1 is used. Add images to that class, or pass --C to choose C yourself.</summary>
    public const string CvFallback = "AUG6040";

    /// <summary>Another AugBuild run is writing the same output folder (it holds &lt;out&gt;/.augbuild/run.lock); this run stops before writing anything. Wait for it to finish, or use another --out.</summary>
    public const string OutputFolderBusy = "AUG6041";

    /// <summary>The disk is full (or a quota was hit) while writing outputs; the files already complete, and the previous dataset, are intact. Free space and rerun.</summary>
    public const string DiskFull = "AUG6042";

    /// <summary>A file or folder could not be read or written (no permission, a file where a folder is expected, a file locked by another program); the message names it. Fix the path or its permissions and rerun.</summary>
    public const string FileAccess = "AUG6043";

    /// <summary>A path setting is empty (--out "", --images "", --cache "", --featurizer "", or the MSBuild property): an empty path would mean the current folder. Give a path, or leave the setting out for its default.</summary>
    public const string EmptySetting = "AUG6311";
}
