using System.Globalization;
using System.Text.RegularExpressions;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// The <c>dataset/</c> folder and how a run replaces its contents: everything is written under a temporary
/// subfolder, then renamed into place (an atomic rename on one file system) only once all shards are
/// complete. A run that stops early deletes its temporary folder and leaves the previous dataset as it was.
/// Only files this tool wrote are ever replaced or deleted: their names are kept in
/// <c>&lt;out&gt;/.augbuild/dataset-files.txt</c>; anything else in the folder is left alone (and named).
/// </summary>
internal static partial class DatasetFolder
{
    public const string TempPrefix = ".augbuild-tmp-";

    public const string CardName = "README.md";

    /// <summary>The lock and the list of written files live in the state folder, outside <c>dataset/</c>.</summary>
    public const string StateFolder = ".augbuild";

    public const string LockName = "dataset.lock";

    public const string WrittenListName = "dataset-files.txt";

    /// <summary>The line of the card that marks it as written by AugBuild (adopted when no list exists yet).</summary>
    private const string CardMarker = "Written by AugBuild:";

    public static string StatePath(string outDir, string name) => Path.Combine(outDir, StateFolder, name);

    /// <summary>
    /// Takes the folder's lock for one run, so a second run cannot delete the first one's temporary files
    /// or interleave renames. Held by an open handle: a killed process releases it.
    /// </summary>
    public static FileStream Lock(string outDir)
    {
        var path = StatePath(outDir, LockName);
        var datasetDir = Path.Combine(outDir, "dataset");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                $"Cannot create '{Path.GetDirectoryName(path)}': {e.Message.TrimEnd('.')}. Choose a writable output folder (not a file).", path, e);
        }

        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                $"Cannot write '{path}': {e.Message.TrimEnd('.')}. Choose a writable output folder.", path, e);
        }
        catch (IOException e)
        {
            throw new AugBuildException(MaterializeErrors.FolderLocked,
                $"Another AugBuild run is writing '{datasetDir}'. Wait for it to finish, or write to another output folder.", path, e);
        }
    }

    /// <summary>
    /// Refuses a <c>dataset/</c> (or state folder) that is a link: replacing files there would touch a folder
    /// outside <c>--out</c>, or one that is not this run's.
    /// </summary>
    public static void RefuseLinked(string outDir)
    {
        foreach (var dir in new[] { Path.Combine(outDir, "dataset"), Path.Combine(outDir, StateFolder) })
        {
            var info = new DirectoryInfo(dir);
            if (info.Exists && info.LinkTarget is { } target)
            {
                throw new AugBuildException(MaterializeErrors.LinkedOutputFolder,
                    $"'{dir}' is a link to '{target}'; AugBuild replaces files there and will not write through a link. " +
                    "Remove the link (AugBuild creates the folder), or pass the folder you mean as --out.", dir);
            }

            if (!info.Exists && File.Exists(dir))
            {
                throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                    $"'{dir}' is a file, but AugBuild writes a folder there. Move the file away, or choose another --out.", dir);
            }
        }
    }

    public static string ShardName(int index, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"train-{index:D5}-of-{count:D5}.parquet");

    public static bool IsShardName(string fileName) => ShardPattern().IsMatch(fileName);

    /// <summary>Removes temporary folders left by runs that were killed before they could clean up (only its own names: prefix and a GUID).</summary>
    public static void RemoveStaleTemporaries(string datasetDir)
    {
        foreach (var dir in Directory.EnumerateDirectories(datasetDir, TempPrefix + "*"))
        {
            if (TempPattern().IsMatch(Path.GetFileName(dir)) && new DirectoryInfo(dir).LinkTarget is null)
                TryDeleteDirectory(dir);
        }
    }

    /// <summary>The file names (in <c>dataset/</c>) that this tool wrote and has not deleted since.</summary>
    public static HashSet<string> Written(string outDir)
    {
        var list = StatePath(outDir, WrittenListName);
        if (File.Exists(list))
        {
            // Plain names only: an edited list must not reach a file outside dataset/.
            return [.. File.ReadAllLines(list).Where(n => n.Length > 0 && n is not "." and not ".." && Path.GetFileName(n) == n && n.IndexOfAny(['/', '\\']) < 0)];
        }

        // A dataset written before the list existed: its card says who wrote it; then its shard names are ours.
        var datasetDir = Path.Combine(outDir, "dataset");
        var card = Path.Combine(datasetDir, CardName);
        if (!File.Exists(card) || !File.ReadLines(card).Any(l => l.StartsWith(CardMarker, StringComparison.Ordinal)))
            return [];
        return [CardName, .. Directory.EnumerateFiles(datasetDir, "train-*.parquet").Select(f => Path.GetFileName(f)).Where(IsShardName)];
    }

    /// <summary>
    /// Moves the finished shards and card into place, then deletes shards that an earlier run wrote and the new set
    /// does not overwrite. Files it did not write are never replaced (an error before any rename) nor deleted.
    /// The list of written files covers old and new while the renames run, so a kill between them is repaired.
    /// Returns the final shard paths.
    /// </summary>
    public static IReadOnlyList<string> Commit(string outDir, IReadOnlyList<string> tempShards, string tempCard, IReporter reporter)
    {
        var datasetDir = Path.Combine(outDir, "dataset");
        var written = Written(outDir);
        var names = Enumerable.Range(0, tempShards.Count).Select(i => ShardName(i, tempShards.Count)).Append(CardName).ToList();
        foreach (var name in names)
        {
            var final = Path.Combine(datasetDir, name);
            if (!written.Contains(name) && (File.Exists(final) || Directory.Exists(final)))
            {
                throw new AugBuildException(MaterializeErrors.ForeignFileInTheWay,
                    $"'{final}' was not written by AugBuild, and this run would replace it. Move it out of '{datasetDir}' and rerun; " +
                    "AugBuild replaces only files it wrote.", final);
            }
        }

        SaveWritten(outDir, written.Union(names));
        var finals = new List<string>(tempShards.Count);
        for (int i = 0; i < tempShards.Count; i++)
        {
            var final = Path.Combine(datasetDir, names[i]);
            File.Move(tempShards[i], final, overwrite: true);
            finals.Add(final);
        }

        foreach (var name in written.Except(names, StringComparer.Ordinal))
        {
            var file = Path.Combine(datasetDir, name);
            if (File.Exists(file) && new FileInfo(file).LinkTarget is null)
                File.Delete(file);
        }

        File.Move(tempCard, Path.Combine(datasetDir, CardName), overwrite: true);
        SaveWritten(outDir, names);
        ReportLeftAlone(datasetDir, names, reporter);
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

    private static void SaveWritten(string outDir, IEnumerable<string> names) =>
        Tables.AtomicFile.WriteAllText(StatePath(outDir, WrittenListName), string.Concat(names.Order(StringComparer.Ordinal).Select(n => n + "\n")));

    private static void ReportLeftAlone(string datasetDir, List<string> names, IReporter reporter)
    {
        var others = Directory.EnumerateFileSystemEntries(datasetDir)
            .Select(p => Path.GetFileName(p)!)
            .Where(n => !names.Contains(n) && !TempPattern().IsMatch(n))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (others.Count > 0)
            reporter.Info($"materialize: left alone {others.Count} entr{(others.Count == 1 ? "y" : "ies")} in {datasetDir} that AugBuild did not write: {string.Join(", ", others.Take(10))}{(others.Count > 10 ? ", ..." : "")}");
    }

    [GeneratedRegex(@"^train-\d{5}-of-\d{5}\.parquet$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardPattern();

    [GeneratedRegex(@"^\.augbuild-tmp-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex TempPattern();
}
