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
            return FromManifest(full);
        }

        throw new AugBuildException(
            DatasetErrors.InputNotFound,
            $"Image input '{input}' does not exist. Pass a folder with one subfolder per class, or a CSV manifest 'path,label'.",
            input);
    }

    private static ImageDataset FromFolder(string root, IReporter reporter)
    {
        var classDirs = Directory.GetDirectories(root)
            .Select(d => System.IO.Path.GetFileName(d))
            .Where(n => !n.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var classNames = new List<string>();
        var images = new List<ImageEntry>();
        foreach (var name in classDirs)
        {
            var files = Directory.EnumerateFiles(System.IO.Path.Combine(root, name), "*", SearchOption.AllDirectories)
                .Where(IsImage)
                .Select(f => Relative(root, f))
                .Order(StringComparer.Ordinal)
                .ToList();
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

        if (images.Count == 0)
        {
            throw new AugBuildException(
                DatasetErrors.NoImages,
                $"No images found under '{root}'. Expected one subfolder per class holding PNG, JPEG, BMP, GIF or WebP files.",
                root);
        }

        return new ImageDataset(root, classNames, images);
    }

    private static ImageDataset FromManifest(string manifest)
    {
        var root = System.IO.Path.GetDirectoryName(manifest)!;
        var rows = new List<(string Path, string Label)>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(manifest))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = CsvLine.Split(line);
            if (fields.Count != 2)
            {
                throw new AugBuildException(
                    DatasetErrors.ManifestMalformed,
                    $"{manifest}({lineNo}): expected two fields 'path,label' but found {fields.Count}. Quote paths that contain commas.",
                    manifest);
            }

            if (lineNo == 1 && fields[0].Trim().Equals("path", StringComparison.OrdinalIgnoreCase)
                && fields[1].Trim().Equals("label", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            rows.Add((fields[0].Trim().Replace('\\', '/'), fields[1].Trim()));
        }

        if (rows.Count == 0)
        {
            throw new AugBuildException(DatasetErrors.NoImages, $"Manifest '{manifest}' lists no images.", manifest);
        }

        var classNames = OrderClasses(rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).ToList());
        var labelOf = classNames.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);
        var images = new List<ImageEntry>(rows.Count);
        foreach (var (path, label) in rows)
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, path));
            if (!File.Exists(full))
            {
                throw new AugBuildException(
                    DatasetErrors.ManifestFileMissing,
                    $"Manifest '{manifest}' lists '{path}', which does not exist (paths are relative to the manifest's folder).",
                    manifest);
            }

            images.Add(new ImageEntry(path, full, labelOf[label], label));
        }

        return new ImageDataset(root, classNames, images);
    }

    /// <summary>Integer labels sort numerically (so "10" follows "9"); any other label set sorts ordinally.</summary>
    private static List<string> OrderClasses(List<string> labels)
    {
        if (labels.All(l => long.TryParse(l, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return labels.OrderBy(l => long.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }

        return labels.Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsImage(string file) => ImageExtensions.Contains(System.IO.Path.GetExtension(file));

    private static string Relative(string root, string file) => System.IO.Path.GetRelativePath(root, file).Replace('\\', '/');
}
