using System.Globalization;
using System.Text.RegularExpressions;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// The <c>dataset/</c> folder and how a run replaces its contents: everything is written under a temporary
/// subfolder, then renamed into place (an atomic rename on one file system) only once all shards are
/// complete. A run that stops early deletes its temporary folder and leaves the previous dataset as it was.
/// </summary>
internal static partial class DatasetFolder
{
    public const string TempPrefix = ".augbuild-tmp-";

    public const string CardName = "README.md";

    public const string LockName = ".augbuild.lock";

    /// <summary>
    /// Takes the folder's lock for one run, so a second run cannot delete the first one's temporary files
    /// or interleave renames. Held by an open handle: a killed process releases it.
    /// </summary>
    public static FileStream Lock(string datasetDir)
    {
        var path = Path.Combine(datasetDir, LockName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new AugBuildException(MaterializeErrors.FolderLocked,
                $"Another AugBuild run is writing '{datasetDir}'. Wait for it to finish, or write to another output folder.", path, e);
        }
    }

    public static string ShardName(int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"train-{index:D5}-of-{count:D5}.parquet");

    public static bool IsShardName(string fileName) => ShardPattern().IsMatch(fileName);

    /// <summary>Removes temporary folders left by runs that were killed before they could clean up.</summary>
    public static void RemoveStaleTemporaries(string datasetDir)
    {
        foreach (var dir in Directory.EnumerateDirectories(datasetDir, TempPrefix + "*"))
            TryDeleteDirectory(dir);
    }

    /// <summary>
    /// Moves the finished shards and card into place, then deletes shards of a previous run that the new
    /// set does not overwrite (a different shard count). Returns the final shard paths.
    /// </summary>
    public static IReadOnlyList<string> Commit(string datasetDir, IReadOnlyList<string> tempShards, string tempCard)
    {
        var finals = new List<string>(tempShards.Count);
        for (int i = 0; i < tempShards.Count; i++)
        {
            var final = Path.Combine(datasetDir, ShardName(i, tempShards.Count));
            File.Move(tempShards[i], final, overwrite: true);
            finals.Add(final);
        }

        var keep = new HashSet<string>(finals.Select(Path.GetFileName)!, StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(datasetDir, "train-*.parquet"))
        {
            var name = Path.GetFileName(file);
            if (IsShardName(name) && !keep.Contains(name)) File.Delete(file);
        }

        File.Move(tempCard, Path.Combine(datasetDir, CardName), overwrite: true);
        return finals;
    }

    public static void TryDeleteDirectory(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's RemoveStaleTemporaries.
        }
    }

    [GeneratedRegex(@"^train-\d{5}-of-\d{5}\.parquet$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardPattern();
}
