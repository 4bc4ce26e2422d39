using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Per-image feature vectors on disk, keyed by (content key, featurizer identity).
/// Layout: &lt;folder&gt;/features/v1/&lt;identity hash&gt;/&lt;2 hex&gt;/&lt;entry hash&gt;.f32, plus identity.txt per featurizer.
/// Entry: "AUGF", u16 version, u16 reserved, i32 dimension, dimension float32 (little endian), u64 XxHash64 of
/// everything before it plus the identity and key (so a truncated, corrupt or misplaced entry fails the check).
/// Writes go to a unique temporary file renamed over the entry, so readers in this or another process see
/// either no entry or a whole one; two writers of one entry write the same bytes. Thread-safe.
/// </summary>
public sealed class FeatureCache
{
    private const int HeaderSize = 12;
    private const int ChecksumSize = 8;
    private const ushort Version = 1;
    private static ReadOnlySpan<byte> Magic => "AUGF"u8;

    private readonly IReporter _reporter;
    private int _hits;
    private int _misses;
    private int _corrupt;
    private int _writeFailures;

    public FeatureCache(string folder, IReporter? reporter = null)
    {
        Folder = Path.GetFullPath(folder);
        _reporter = reporter ?? NullReporter.Instance;
    }

    public string Folder { get; }

    public int Hits => Volatile.Read(ref _hits);

    public int Misses => Volatile.Read(ref _misses);

    /// <summary>Entries found corrupt (each reported with <see cref="FeaturizationErrors.CorruptCacheEntry"/>).</summary>
    public int Corrupt => Volatile.Read(ref _corrupt);

    public bool TryGet(string contentKey, string identity, out float[] features)
    {
        features = [];
        var path = EntryPath(contentKey, identity);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing, or being replaced on a platform that refuses to read it now: a miss either way.
            Interlocked.Increment(ref _misses);
            return false;
        }

        if (!TryParse(bytes, contentKey, identity, out features))
        {
            Interlocked.Increment(ref _corrupt);
            Interlocked.Increment(ref _misses);
            _reporter.Warning(
                FeaturizationErrors.CorruptCacheEntry,
                $"Feature cache entry '{path}' is corrupt or truncated; it is recomputed. If this repeats, delete the folder '{Folder}'.",
                path);
            TryDelete(path);
            return false;
        }

        Interlocked.Increment(ref _hits);
        return true;
    }

    public void Put(string contentKey, string identity, ReadOnlySpan<float> features)
    {
        var path = EntryPath(contentKey, identity);
        var bytes = Serialize(features, contentKey, identity);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            WriteIdentityFile(identity);
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            if (Interlocked.Increment(ref _writeFailures) == 1)
            {
                _reporter.Warning(
                    FeaturizationErrors.CacheWriteFailed,
                    $"Feature cache folder '{Folder}' cannot be written ({e.Message}); features are computed but not cached. Check its permissions and free space.",
                    Folder);
            }
        }
    }

    /// <summary>The entry file of a key; tests use it to damage entries.</summary>
    public string EntryPath(string contentKey, string identity)
    {
        var entry = Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(contentKey)));
        return Path.Combine(IdentityFolder(identity), entry[..2], entry + ".f32");
    }

    private string IdentityFolder(string identity) =>
        Path.Combine(Folder, "features", "v1", Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(identity))));

    private void WriteIdentityFile(string identity)
    {
        var file = Path.Combine(IdentityFolder(identity), "identity.txt");
        if (File.Exists(file))
            return;
        var temp = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, identity + "\n");
        File.Move(temp, file, overwrite: true);
    }

    private static byte[] Serialize(ReadOnlySpan<float> features, string contentKey, string identity)
    {
        var bytes = new byte[HeaderSize + features.Length * sizeof(float) + ChecksumSize];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), features.Length);
        var payload = bytes.AsSpan(HeaderSize, features.Length * sizeof(float));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(features).CopyTo(payload);
        }
        else
        {
            for (var i = 0; i < features.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(payload[(i * 4)..], features[i]);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - ChecksumSize), Checksum(bytes.AsSpan(0, bytes.Length - ChecksumSize), contentKey, identity));
        return bytes;
    }

    private static bool TryParse(byte[] bytes, string contentKey, string identity, out float[] features)
    {
        features = [];
        if (bytes.Length < HeaderSize + ChecksumSize || !bytes.AsSpan(0, 4).SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)) != Version)
        {
            return false;
        }

        var dimension = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (dimension < 0 || (long)HeaderSize + (long)dimension * sizeof(float) + ChecksumSize != bytes.Length)
            return false;
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - ChecksumSize));
        if (stored != Checksum(bytes.AsSpan(0, bytes.Length - ChecksumSize), contentKey, identity))
            return false;
        features = new float[dimension];
        var payload = bytes.AsSpan(HeaderSize, dimension * sizeof(float));
        for (var i = 0; i < dimension; i++)
            features[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(i * 4)..]);
        return true;
    }

    private static ulong Checksum(ReadOnlySpan<byte> content, string contentKey, string identity)
    {
        var hash = new XxHash64();
        hash.Append(content);
        hash.Append(Encoding.UTF8.GetBytes(identity + "\n" + contentKey));
        return hash.GetCurrentHashAsUInt64();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process may hold or have replaced it; the next write overwrites it anyway.
        }
    }
}
