namespace AugBuild.Tasks;

/// <summary>
/// What the worker itself would read from a class-folder tree (`--images &lt;dir&gt;`): image files under the
/// top-level folders that do not start with a dot. When AugImage is exactly that set and carries no Label
/// metadata, the worker gets the folder (short relative paths in the dataset) instead of a manifest.
/// </summary>
internal static class ClassFolderTree
{
    private static readonly HashSet<string> ImageExtensions =
        new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp" };

    public static bool IsExactly(string datasetDir, IReadOnlyCollection<LabeledImage> images)
    {
        if (!Directory.Exists(datasetDir) || images.Any(i => i.ExplicitLabel))
        {
            return false;
        }

        var onDisk = new HashSet<string>(ImageLabels.PathComparer);
        foreach (var classDir in Directory.EnumerateDirectories(datasetDir))
        {
            if (Path.GetFileName(classDir).StartsWith('.'))
            {
                continue;
            }

            onDisk.UnionWith(Directory.EnumerateFiles(classDir, "*", SearchOption.AllDirectories)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
                .Select(Path.GetFullPath));
        }

        return onDisk.Count == images.Count && images.All(i => onDisk.Contains(i.FullPath));
    }
}
