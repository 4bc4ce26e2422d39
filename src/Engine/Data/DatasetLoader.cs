using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Data;

/// <summary>
/// Reads a dataset from a folder with one subfolder per class, or from a CSV manifest <c>path,label</c>
/// whose paths are relative to the manifest.
/// </summary>
public static class DatasetLoader
{
    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp" };

    public static ImageDataset Load(string input, IReporter? reporter = null)
    {
        reporter ??= NullReporter.Instance;
        var full = System.IO.Path.GetFullPath(input);
        if (Directory.Exists(full))
        {
            return FromFolder(full, reporter);
        }

        if (File.Exists(full))
        {
            if (!FileIdentity.IsOpenable(full))
            {
                throw new AugBuildException(DatasetErrors.InputNotFound,
                    $"Image input '{input}' is a FIFO, socket or device, not a folder or a CSV manifest file. Pass a folder with one subfolder per class, or a CSV manifest 'path,label'.",
                    input);
            }

            return FromManifest(full);
        }

        throw new AugBuildException(
            DatasetErrors.InputNotFound,
            $"Image input '{input}' does not exist. Pass a folder with one subfolder per class, or a CSV manifest 'path,label'.",
            input);
    }

    private static ImageDataset FromFolder(string root, IReporter reporter)
    {
        var walk = new FolderWalk(root);
        var classNames = new List<string>();
        var images = new List<ImageEntry>();
        foreach (var name in walk.ClassFolders())
        {
            var files = walk.Images(name);
            if (files.Count == 0)
            {
                reporter.Warning(
                    DatasetErrors.EmptyClassFolder,
                    $"Class folder '{name}' holds no images ({string.Join(", ", ImageExtensions.Order())}); it is ignored.",
                    System.IO.Path.Combine(root, name));
                continue;
            }

            var label = classNames.Count;
            classNames.Add(name);
            images.AddRange(files.Select(rel => new ImageEntry(rel, System.IO.Path.Combine(root, rel), label, name)));
        }

        ReportList(reporter, DatasetErrors.FolderLinkNotFollowed, walk.SkippedLinks,
            "folder link(s) not followed, so no image is read twice or under another class's label", root);
        ReportList(reporter, DatasetErrors.SameFileTwice, walk.Duplicates,
            "second path(s) to a file already read; each file is read once", root);

        if (images.Count == 0)
        {
            throw new AugBuildException(
                DatasetErrors.NoImages,
                $"No images found under '{root}'. Expected one subfolder per class holding PNG, JPEG, BMP, GIF or WebP files.",
                root);
        }

        return new ImageDataset(root, classNames, images);
    }

    /// <summary>One warning for a whole list (the first 10, then a count), so a large tree is one line.</summary>
    private static void ReportList(IReporter reporter, string code, List<string> items, string what, string file)
    {
        if (items.Count == 0)
            return;
        var more = items.Count > 10 ? $" and {items.Count - 10} more" : "";
        reporter.Warning(code, $"{items.Count} {what}: {string.Join("; ", items.Take(10))}{more}.", file);
    }

    private static ImageDataset FromManifest(string manifest) => ManifestReader.Read(manifest);

    /// <summary>Integer labels sort numerically (so "10" follows "9"); any other label set sorts ordinally.</summary>
    internal static List<string> OrderClasses(List<string> labels)
    {
        if (labels.All(l => long.TryParse(l, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return labels.OrderBy(l => long.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }

        return labels.Order(StringComparer.Ordinal).ToList();
    }
}
