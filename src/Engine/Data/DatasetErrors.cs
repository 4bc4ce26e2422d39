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

    /// <summary>Warning: folder links that point back into the dataset, or reach a folder already read (a loop), are not followed; the warning lists them. No image is read twice or under another class's label.</summary>
    public const string FolderLinkNotFollowed = "AUG1310";

    /// <summary>One file (through a link or a hard link) lies in two class folders, so it would get two labels. Remove the link, or copy the file if it belongs to both.</summary>
    public const string FileInTwoClasses = "AUG1311";

    /// <summary>Warning: a class folder reaches one file by two paths (a link or a hard link); it is read once, under the first path in ordinal order.</summary>
    public const string SameFileTwice = "AUG1312";

    /// <summary>A manifest lists one file twice (the same path, `a.png` and `./a.png`, or a link to it); the message names both lines. List each image once.</summary>
    public const string ManifestDuplicate = "AUG1313";

    /// <summary>A manifest line's label is empty or holds a control character; the message names the line.</summary>
    public const string ManifestBadLabel = "AUG1314";

    /// <summary>Two manifest labels name one class written two ways (`03` and `3`, or one accent composed and decomposed); the message names both lines. Write each label one way.</summary>
    public const string ManifestClassSpelling = "AUG1315";

    /// <summary>A manifest line's path is empty or holds a control character such as a NUL byte; the message names the line.</summary>
    public const string ManifestBadPath = "AUG1316";
}
