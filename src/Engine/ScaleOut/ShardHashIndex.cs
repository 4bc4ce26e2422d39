using System.Globalization;
using System.IO.Hashing;
using System.Text;
using AugBuild.Engine.Storage;

namespace AugBuild.Engine.ScaleOut;

/// <summary>
/// The content keys of a sharded featurize, shared by its shards through the cache, so N shards read the images
/// about once instead of N times (each must know every image's key to know its members). The files, in the
/// dataset's order (the same in every shard), are cut into N contiguous slices; slice s's keys are one small
/// object <c>hashes/&lt;list&gt;-&lt;N&gt;/&lt;s&gt;.txt</c> below the cache, with each file's size and modification time.
/// A shard takes its own slice first, then the others in turn: a slice already in the index is read, one that is not
/// is hashed here and written (atomically: two shards writing one slice write the same lines).
/// </summary>
/// <remarks>
/// An entry is used only while the file's size and modification time are those it records, as make and git trust a
/// file's stamp; a file written since is hashed again. <c>&lt;list&gt;</c> is a hash of every dataset path and N, so another
/// image set or shard count never reads these slices. A key read from the index decides membership only: the shard
/// hashes its members' bytes again before it keys features by them, so a stale entry can move an image to another
/// shard (every shard reads the same entry, so it still belongs to exactly one) but never file features under
/// another image's key.
/// </remarks>
public sealed class ShardHashIndex(IObjectStore store)
{
    private const string Magic = "augbuild-hash-index 1";

    /// <summary>A slice object is a few dozen bytes per file; anything larger is not one.</summary>
    private const long MaxSliceBytes = 256L << 20;

    /// <summary>Keys of every file and, per file, whether this process hashed it (false: read from the index).</summary>
    public (string[] Keys, bool[] Hashed) Keys(IReadOnlyList<(string FullPath, string DatasetPath)> files, ShardSpec shard, CancellationToken ct)
    {
        var keys = new string[files.Count];
        var hashed = new bool[files.Count];
        string list = ListName(files, shard.Count);
        for (int step = 0; step < shard.Count; step++)
        {
            ct.ThrowIfCancellationRequested();
            int slice = (shard.Index + step) % shard.Count;
            var (start, end) = Range(slice, shard.Count, files.Count);
            if (end == start) continue;
            var stamps = Stamps(files, start, end);
            var read = TryRead($"{list}/{slice:D5}.txt", end - start, ct);
            var stale = new List<int>();
            for (int j = start; j < end; j++)
            {
                var entry = read?[j - start];
                if (entry is { } e && e.Stamp == stamps[j - start] && e.Key is not null)
                    keys[j] = e.Key;
                else
                    stale.Add(j);
            }

            if (stale.Count == 0) continue;
            var fresh = ShardMembers.Keys([.. stale.Select(j => files[j])], ct);
            for (int q = 0; q < stale.Count; q++)
            {
                keys[stale[q]] = fresh[q];
                hashed[stale[q]] = true;
            }

            TryWrite($"{list}/{slice:D5}.txt", keys, stamps, start, end, ct);
        }

        return (keys, hashed);
    }

    /// <summary>"hashes/&lt;16 hex&gt;-&lt;N&gt;": the dataset paths in order and the shard count.</summary>
    internal static string ListName(IReadOnlyList<(string FullPath, string DatasetPath)> files, int count)
    {
        var hash = new XxHash64();
        foreach (var (_, path) in files)
        {
            hash.Append(Encoding.UTF8.GetBytes(path));
            hash.Append([0]);
        }

        return string.Create(CultureInfo.InvariantCulture, $"hashes/{Convert.ToHexStringLower(hash.GetCurrentHash())}-{count}");
    }

    /// <summary>Files [start, end) of slice <paramref name="slice"/>: contiguous, sizes differing by at most one.</summary>
    internal static (int Start, int End) Range(int slice, int count, int n) =>
        ((int)((long)slice * n / count), (int)((long)(slice + 1) * n / count));

    /// <summary>"size mtime-ticks" of each file; null for one that cannot be stat'ed (it is hashed, and reported, as unreadable).</summary>
    private static string?[] Stamps(IReadOnlyList<(string FullPath, string DatasetPath)> files, int start, int end)
    {
        var stamps = new string?[end - start];
        for (int j = start; j < end; j++)
        {
            try
            {
                var info = new FileInfo(files[j].FullPath);
                stamps[j - start] = info.Exists
                    ? string.Create(CultureInfo.InvariantCulture, $"{info.Length} {info.LastWriteTimeUtc.Ticks}")
                    : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stamps[j - start] = null;
            }
        }

        return stamps;
    }

    /// <summary>The slice's entries, or null when it is not there or not a whole slice of this length (then it is rebuilt).</summary>
    private (string? Stamp, string? Key)[]? TryRead(string name, int length, CancellationToken ct)
    {
        var read = store.ReadAsync(name, MaxSliceBytes, ct).GetAwaiter().GetResult();
        if (read.Status != ObjectStatus.Found)
            return null;
        var lines = Encoding.UTF8.GetString(read.Bytes).Split('\n');
        // The header, one line per file, and the empty string after the last newline: a cut-off object fails here.
        if (lines.Length != length + 2 || lines[0] != Magic || lines[^1].Length != 0)
            return null;
        var entries = new (string?, string?)[length];
        for (int q = 0; q < length; q++)
        {
            var fields = lines[q + 1].Split(' ');
            if (fields.Length != 3)
                return null;
            entries[q] = (fields[0] + " " + fields[1], fields[2].StartsWith(Featurization.ContentHash.Prefix, StringComparison.Ordinal) ? fields[2] : null);
        }

        return entries;
    }

    /// <summary>
    /// Writes the slice; an unreadable or un-stat'ed file is written as "- - -", so the next reader hashes it itself.
    /// Best effort: the index only saves work, so a store that refuses the write costs the next shard a re-hash, not the run.
    /// </summary>
    private void TryWrite(string name, string[] keys, string?[] stamps, int start, int end, CancellationToken ct)
    {
        var text = new StringBuilder(Magic).Append('\n');
        for (int j = start; j < end; j++)
        {
            var stamp = stamps[j - start];
            bool usable = stamp is not null && !ShardMembers.IsUnreadable(keys[j]);
            text.Append(usable ? $"{stamp} {keys[j]}" : "- - -").Append('\n');
        }

        try
        {
            store.WriteAsync(name, Encoding.UTF8.GetBytes(text.ToString()), ct).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Diagnostics.AugBuildException)
        {
            // Not fatal: see above. The feature cache's own writes report a store that cannot be written.
        }
    }

    /// <summary>The index below a <c>--cache</c> location (a folder, or an s3:// URI), beside its features.</summary>
    public static ShardHashIndex For(string? cacheDir) => new(Featurization.DatasetFeatures.CacheStore(cacheDir));
}
