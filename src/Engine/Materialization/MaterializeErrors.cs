namespace AugBuild.Engine.Materialization;

/// <summary>AUG505x-AUG509x: writing the augmented training set (docs/errors.md).</summary>
public static class MaterializeErrors
{
    /// <summary>Warning: a source image could not be read or decoded; it and its copies are skipped.</summary>
    public const string UndecodableImage = "AUG5051";

    /// <summary>The output folder cannot be created or written.</summary>
    public const string OutputNotWritable = "AUG5053";

    /// <summary>Warning: a single row is larger than the shard size, so its shard exceeds it.</summary>
    public const string RowLargerThanShard = "AUG5054";

    /// <summary>An item's label is outside the class list, or its weight/score is not a finite number.</summary>
    public const string InvalidItem = "AUG5055";

    /// <summary>Another run holds the dataset folder's lock.</summary>
    public const string FolderLocked = "AUG5056";

    /// <summary>The disk is full (or a quota was hit) while writing a shard; the previous dataset is left intact and the partial shard is deleted. Free space and rerun.</summary>
    public const string DiskFull = "AUG5057";
}
