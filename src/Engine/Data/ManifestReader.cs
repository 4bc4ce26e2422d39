using System.Globalization;
using System.Text;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Data;

/// <summary>
/// Reads a CSV manifest <c>path,label</c> (paths relative to the manifest) and refuses, naming the line, anything
/// that would give a wrong label or read a file twice: an empty or control-character path or label, two spellings
/// of one class (<c>03</c> and <c>3</c>), and one file listed twice (also via <c>./</c>, links or hard links).
/// </summary>
internal static class ManifestReader
{
    private sealed record Row(int Line, string Path, string Label);

    public static ImageDataset Read(string manifest)
    {
        var rows = ReadRows(manifest);
        if (rows.Count == 0)
        {
            throw new AugBuildException(DatasetErrors.NoImages, $"Manifest '{manifest}' lists no images.", manifest);
        }

        CheckClassSpellings(manifest, rows);
        var root = System.IO.Path.GetDirectoryName(manifest)!;
        var classNames = DatasetLoader.OrderClasses(rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).ToList());
        var labelOf = classNames.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);
        var firstLineOf = new Dictionary<string, Row>(StringComparer.Ordinal);
        var images = new List<ImageEntry>(rows.Count);
        foreach (var row in rows)
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, row.Path));
            if (!File.Exists(full))
            {
                throw new AugBuildException(
                    DatasetErrors.ManifestFileMissing,
                    $"{manifest}({row.Line}): '{row.Path}' does not exist (paths are relative to the manifest's folder).",
                    manifest);
            }

            var identity = FileIdentity.Of(full);
            if (identity.Kind != FileKind.Missing && !firstLineOf.TryAdd(identity.Id, row))
            {
                var first = firstLineOf[identity.Id];
                throw new AugBuildException(
                    DatasetErrors.ManifestDuplicate,
                    $"{manifest}({row.Line}): '{row.Path}' is the same file as '{first.Path}' on line {first.Line}. List each image once.",
                    manifest);
            }

            images.Add(new ImageEntry(row.Path, full, labelOf[row.Label], row.Label));
        }

        return new ImageDataset(root, classNames, images);
    }

    private static List<Row> ReadRows(string manifest)
    {
        var rows = new List<Row>();
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

            var path = fields[0].Trim().Replace('\\', '/');
            var label = fields[1].Trim();
            if (lineNo == 1 && path.Equals("path", StringComparison.OrdinalIgnoreCase) && label.Equals("label", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (path.Length == 0 || path.Any(char.IsControl))
            {
                throw new AugBuildException(
                    DatasetErrors.ManifestBadPath,
                    $"{manifest}({lineNo}): the path is {(path.Length == 0 ? "empty" : "not a file name (it holds a control character such as a NUL byte)")}. Write the image's path relative to the manifest.",
                    manifest);
            }

            if (label.Length == 0 || label.Any(char.IsControl))
            {
                throw new AugBuildException(
                    DatasetErrors.ManifestBadLabel,
                    $"{manifest}({lineNo}): the label of '{path}' is {(label.Length == 0 ? "empty" : "not printable (it holds a control character)")}. Give every image a class label.",
                    manifest);
            }

            rows.Add(new Row(lineNo, path, label));
        }

        return rows;
    }

    /// <summary>Labels that differ as text but name one class (03 and 3, +3 and 3, composed and decomposed accents).</summary>
    private static void CheckClassSpellings(string manifest, List<Row> rows)
    {
        var firstOf = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = long.TryParse(row.Label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number.ToString(CultureInfo.InvariantCulture)
                : row.Label.Normalize(NormalizationForm.FormC);
            if (firstOf.TryAdd(key, row) || string.Equals(firstOf[key].Label, row.Label, StringComparison.Ordinal))
            {
                continue;
            }

            var first = firstOf[key];
            throw new AugBuildException(
                DatasetErrors.ManifestClassSpelling,
                $"{manifest}({row.Line}): label '{row.Label}' and label '{first.Label}' on line {first.Line} name the same class written two ways. Write each class label one way.",
                manifest);
        }
    }
}
