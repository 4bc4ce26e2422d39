using Microsoft.Build.Framework;

namespace AugBuild.Tasks;

/// <summary>One AugImage item with its resolved label.</summary>
internal sealed record LabeledImage(string FullPath, string Label, bool ExplicitLabel);

/// <summary>
/// Gives every AugImage item a label: its <c>Label</c> metadata, or else the name of the class folder under
/// AugDatasetDir that holds it (data/&lt;class&gt;/.../image.png).
/// </summary>
internal static class ImageLabels
{
    public const string LabelMetadata = "Label";

    /// <summary>Returns the labeled images sorted by path, or the first item that has no label.</summary>
    public static (List<LabeledImage> Images, ITaskItem? Unlabeled) Resolve(IEnumerable<ITaskItem> items, string datasetDir)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(datasetDir));
        var images = new List<LabeledImage>();
        var seen = new HashSet<string>(PathComparer);
        foreach (var item in items)
        {
            var full = Path.GetFullPath(item.GetMetadata("FullPath") is { Length: > 0 } f ? f : item.ItemSpec);
            if (!seen.Add(full))
            {
                continue;
            }

            var explicitLabel = item.GetMetadata(LabelMetadata).Trim();
            var label = explicitLabel.Length > 0 ? explicitLabel : ClassFolder(root, full);
            if (label is null)
            {
                return (images, item);
            }

            images.Add(new LabeledImage(full, label, explicitLabel.Length > 0));
        }

        images.Sort((a, b) => string.CompareOrdinal(a.FullPath, b.FullPath));
        return (images, null);
    }

    /// <summary>The first folder below <paramref name="root"/> on the way to <paramref name="file"/>, or null when the file is not inside one.</summary>
    internal static string? ClassFolder(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        if (relative == file || relative.StartsWith("..", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? parts[0] : null;
    }

    public static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
