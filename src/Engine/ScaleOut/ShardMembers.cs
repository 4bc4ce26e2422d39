using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;

namespace AugBuild.Engine.ScaleOut;

/// <summary>The images of one shard: every file is hashed (its content key decides its shard), only the shard's are kept.</summary>
public static class ShardMembers
{
    /// <summary>
    /// Each file's content key (<see cref="ContentHash.OfFile"/>), read in parallel; a file that cannot be read gets
    /// <see cref="ShardSpec.UnreadableKey"/> of its dataset path, so it still belongs to exactly one shard, which reports it.
    /// </summary>
    public static string[] Keys(IReadOnlyList<(string FullPath, string DatasetPath)> files, CancellationToken ct = default)
    {
        var keys = new string[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            try
            {
                keys[i] = ContentHash.OfFile(files[i].FullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or AugBuildException)
            {
                keys[i] = ShardSpec.UnreadableKey(files[i].DatasetPath);
            }
        });
        return keys;
    }

    /// <summary>The positions (ascending) whose key belongs to <paramref name="shard"/>.</summary>
    public static List<int> Of(ShardSpec shard, IReadOnlyList<string> keys) =>
        [.. Enumerable.Range(0, keys.Count).Where(i => shard.Contains(keys[i]))];

    public static bool IsUnreadable(string key) => !key.StartsWith(ContentHash.Prefix, StringComparison.Ordinal);
}
