using System.Globalization;
using System.IO.Hashing;
using System.Text;
using AugBuild.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// A hash of exactly what a stage's output depends on, kept beside the output, together with the size and
/// content hash of every file the stage wrote. Equal stamps and unchanged outputs mean the stage can be skipped;
/// timestamps alone would miss deleted images and changed settings, and the inputs alone would miss a deleted,
/// truncated or swapped output. File format: the value on the first line, then one line per output:
/// <c>path (relative to the output folder) TAB size TAB xxh128</c>.
/// </summary>
public sealed class StageStamp
{
    private readonly List<string> _parts = [];

    public StageStamp Add(string name, string? value)
    {
        _parts.Add($"{name}={value ?? "<null>"}");
        return this;
    }

    public StageStamp Add(string name, IEnumerable<string> values) => Add(name, string.Join('\n', values));

    /// <summary>The stage's settings, as the catalog assigns them (the MSBuild tasks' stamps use the same lines).</summary>
    internal StageStamp Add(SettingStage stage, SettingValues values) => Add("settings", SettingCatalog.StampLines(stage, values.Canonical));

    public string Value
    {
        get
        {
            var hash = XxHash128.Hash(Encoding.UTF8.GetBytes(string.Join('\u001f', _parts)));
            return Convert.ToHexStringLower(hash);
        }
    }

    /// <summary>
    /// True when the stamp file holds this value, vouches for at least one output, every output it vouches for
    /// has the size and content hash it had when written, and every file in <paramref name="required"/> is among them.
    /// </summary>
    public bool IsCurrent(string stampFile, string outDir, params string[] required)
    {
        if (!File.Exists(stampFile))
            return false;
        var lines = File.ReadAllLines(stampFile);
        if (lines.Length < 2 || !string.Equals(lines[0].Trim(), Value, StringComparison.Ordinal))
            return false;

        var vouched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var fields = line.Split('\t');
            if (fields.Length != 3 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                return false;
            var path = Path.GetFullPath(Path.Combine(outDir, fields[0]));
            if (!Matches(path, size, fields[2]))
                return false;
            vouched.Add(path);
        }

        return required.All(r => vouched.Contains(Path.GetFullPath(r)));
    }

    /// <summary>
    /// Removed before a stage starts replacing its outputs: a run killed after an output was replaced but before the
    /// new stamp was written must not leave the old stamp vouching for the new file.
    /// </summary>
    public static void Invalidate(string stampFile) => File.Delete(stampFile);

    /// <summary>Written only after the outputs are complete, so a crash leaves a stale stamp and the stage reruns.</summary>
    public void Save(string stampFile, string outDir, IEnumerable<string> outputs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stampFile))!);
        var sb = new StringBuilder(Value).Append('\n');
        foreach (var output in outputs.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(outDir, output).Replace('\\', '/');
            sb.Append(CultureInfo.InvariantCulture, $"{relative}\t{new FileInfo(output).Length}\t{Featurization.ContentHash.OfFile(output)}\n");
        }

        var temp = stampFile + ".tmp";
        File.WriteAllText(temp, sb.ToString());
        File.Move(temp, stampFile, overwrite: true);
    }

    private static bool Matches(string path, long size, string hash)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == size && string.Equals(Featurization.ContentHash.OfFile(path), hash, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Diagnostics.AugBuildException)
        {
            return false;
        }
    }
}
