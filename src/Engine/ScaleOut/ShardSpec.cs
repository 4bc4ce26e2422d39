using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace AugBuild.Engine.ScaleOut;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>. An image belongs to shard
/// <c>XxHash64(UTF-8 of its content key, seed 0) mod Count</c>: the key is the hash of its bytes, so the same inputs
/// and count give the same shards on every machine, whatever the files are named or the order they are listed in
/// (docs/scale-out.md). An unreadable file's key is "unreadable:" + its dataset path.
/// </summary>
public readonly record struct ShardSpec
{
    public ShardSpec(int index, int count, string source = "--shard")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
        Source = source;
    }

    public int Index { get; }

    public int Count { get; }

    /// <summary>Where the index came from: the option, or the engine's variable (for messages).</summary>
    public string Source { get; }

    /// <summary>The shard a content key belongs to among <paramref name="count"/>.</summary>
    public static int Of(string contentKey, int count) =>
        (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(contentKey)) % (ulong)count);

    public static string UnreadableKey(string datasetPath) => "unreadable:" + datasetPath;

    public bool Contains(string contentKey) => Of(contentKey, Count) == Index;

    /// <summary>"part-00002-of-00004": the name the shard's outputs carry.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"part-{Index:D5}-of-{Count:D5}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
