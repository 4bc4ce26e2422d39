using System.IO.Hashing;
using System.Text;
using AugBuild.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// A hash of exactly what a stage's output depends on, kept beside the output. Equal stamps and present outputs
/// mean the stage can be skipped; timestamps alone would miss deleted images and changed settings.
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

    /// <summary>True when the stamp file holds this value and every output exists.</summary>
    public bool IsCurrent(string stampFile, params string[] outputs) =>
        File.Exists(stampFile)
        && string.Equals(File.ReadAllText(stampFile).Trim(), Value, StringComparison.Ordinal)
        && outputs.All(File.Exists);

    /// <summary>
    /// Removed before a stage starts replacing its outputs: a run killed after an output was replaced but before the
    /// new stamp was written must not leave the old stamp vouching for the new file.
    /// </summary>
    public static void Invalidate(string stampFile) => File.Delete(stampFile);

    /// <summary>Written only after the outputs are complete, so a crash leaves a stale stamp and the stage reruns.</summary>
    public void Save(string stampFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stampFile))!);
        var temp = stampFile + ".tmp";
        File.WriteAllText(temp, Value);
        File.Move(temp, stampFile, overwrite: true);
    }
}
