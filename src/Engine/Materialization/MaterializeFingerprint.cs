using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// A hash of everything a materialize run's output depends on: the items (path, label, class, selection,
/// weight, score, and each file's length and last-write time), the class names, the canonical transform set,
/// the image format, shard and row-group sizes and the card. The output folder, the degree of parallelism
/// and the decoder delegate are left out (the first two cannot change the bytes; a different decoder is the
/// caller's to key). For the build's stamp file: equal fingerprints mean the dataset need not be rewritten.
/// </summary>
public static class MaterializeFingerprint
{
    private const string Version = "augbuild-materialize-v1";

    public static string Compute(MaterializeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = new XxHash128();
        Add(hash, Version);
        Add(hash, request.ClassNames.Count);
        foreach (var name in request.ClassNames) Add(hash, name);
        Add(hash, request.Transforms.ToString());
        var o = request.Options;
        Add(hash, (long)o.Format);
        Add(hash, o.ShardSizeBytes);
        Add(hash, o.RowGroupMaxRows);
        Add(hash, o.RowGroupMaxBytes);
        var card = request.Card;
        foreach (var field in new[] { card.Budget, card.Policy, card.Score, card.Featurizer, card.Seed, card.ToolVersion }) Add(hash, field);
        Add(hash, request.Items.Count);
        foreach (var item in request.Items)
        {
            Add(hash, item.Entry.Path);
            Add(hash, item.Entry.Label);
            Add(hash, item.Entry.ClassName);
            Add(hash, item.Selected ? 1 : 0);
            Add(hash, BitConverter.DoubleToInt64Bits(item.Weight));
            Add(hash, BitConverter.DoubleToInt64Bits(item.Score));
            Add(hash, BitConverter.DoubleToInt64Bits(item.SelfConfidence));
            Add(hash, item.SuspectLabel ? 1 : 0);
            var file = new FileInfo(item.Entry.FullPath);
            Add(hash, file.Exists ? file.Length : -1);
            Add(hash, file.Exists ? file.LastWriteTimeUtc.Ticks : -1);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static void Add(XxHash128 hash, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        hash.Append(buffer);
    }

    private static void Add(XxHash128 hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Add(hash, bytes.Length);
        hash.Append(bytes);
    }
}
