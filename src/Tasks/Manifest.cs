using System.Text;

namespace AugBuild.Tasks;

/// <summary>
/// The CSV manifest <c>path,label</c> the worker reads when AugImage items are not a plain class-folder tree
/// (custom items or Label metadata). Paths are relative to the manifest's folder, as the worker expects.
/// </summary>
internal static class Manifest
{
    public static string Format(IEnumerable<LabeledImage> images, string manifestPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var text = new StringBuilder("path,label\n");
        foreach (var image in images)
        {
            var relative = Path.GetRelativePath(folder, image.FullPath).Replace('\\', '/');
            text.Append(Quote(relative)).Append(',').Append(Quote(image.Label)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>RFC 4180 quoting, only where a field needs it.</summary>
    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field != field.Trim()
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
