namespace AugBuild.Engine.Data;

/// <summary>AUG1xxx: finding and reading the dataset (docs/errors.md).</summary>
public static class DatasetErrors
{
    /// <summary>The --images folder or manifest does not exist. Pass a folder with one subfolder per class, or a CSV manifest.</summary>
    public const string InputNotFound = "AUG1001";

    /// <summary>No PNG, JPEG, BMP, GIF or WebP file in any class folder, or an empty manifest.</summary>
    public const string NoImages = "AUG1002";

    /// <summary>A manifest line does not have exactly two fields `path,label`; quote paths that contain commas.</summary>
    public const string ManifestMalformed = "AUG1003";

    /// <summary>A manifest names a file that does not exist (paths are relative to the manifest's folder).</summary>
    public const string ManifestFileMissing = "AUG1004";

    /// <summary>Fewer than two classes hold images: a classifier needs at least two. Add a class folder.</summary>
    public const string TooFewClasses = "AUG1005";

    /// <summary>Warning: a class folder holds no images and is ignored (it gets no label index).</summary>
    public const string EmptyClassFolder = "AUG1006";
}
