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

    /// <summary>`&lt;out&gt;/dataset` (or `&lt;out&gt;/.augbuild`) is a link to another folder; AugBuild will not replace files through it. Remove the link, or pass the folder you mean as --out.</summary>
    public const string LinkedOutputFolder = "AUG5310";

    /// <summary>`dataset/` holds a file this run would replace (a shard name or README.md) that AugBuild did not write (it is not in `&lt;out&gt;/.augbuild/dataset-files.txt`). Move it away and rerun; AugBuild replaces and deletes only its own files.</summary>
    public const string ForeignFileInTheWay = "AUG5311";

    /// <summary>Warning: a selected image is too small for a transform of the set (crop:4 on a 1x1 image); it keeps its original row and gets no copies. The warning lists them.</summary>
    public const string CopiesSkipped = "AUG5312";
}
