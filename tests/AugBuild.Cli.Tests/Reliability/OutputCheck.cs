using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace AugBuild.Cli.Tests.Reliability;

/// <summary>Reads a run's output folder back (ParquetSharp, independent of the writer) and checks for leftovers.</summary>
internal static partial class OutputCheck
{
    /// <summary>Rows across every shard of <c>&lt;out&gt;/dataset</c>; throws if a shard is not a whole Parquet file.</summary>
    public static long DatasetRows(string outDir) => DatasetReader.DatasetRows(Path.Combine(outDir, "dataset"));

    /// <summary>Each dataset file's hash, by name: the files under final names (the lock and a killed run's temporary folder excluded).</summary>
    public static Dictionary<string, string> Snapshot(string outDir)
    {
        var dir = Path.Combine(outDir, "dataset");
        return Directory.EnumerateFiles(dir, "*", SearchOption.TopDirectoryOnly)
            .Where(f => Path.GetFileName(f) != ".augbuild.lock")
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
    }

    /// <summary>Temporaries a run leaves only while it is in progress (or when killed, until the next run).</summary>
    public static List<string> Leftovers(string outDir) =>
        Directory.EnumerateFileSystemEntries(outDir, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".tmp", StringComparison.Ordinal) || Path.GetFileName(p).StartsWith(".augbuild-tmp-", StringComparison.Ordinal))
            .ToList();

    /// <summary>The canonical error lines (<c>origin: error AUGnnnn: message</c>) in a run's stderr.</summary>
    public static List<(string Origin, string Code, string Message)> Errors(string stderr) =>
        stderr.Split('\n').Select(l => ErrorLine().Match(l.TrimEnd('\r'))).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();

    [GeneratedRegex(@"^(.+?): error (AUG\d{4}): (.+)$")]
    private static partial Regex ErrorLine();
}
