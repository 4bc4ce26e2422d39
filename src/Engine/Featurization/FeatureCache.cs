using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Per-image feature vectors on disk, keyed by (content key, featurizer identity).
/// Layout: &lt;folder&gt;/features/v1/&lt;identity hash&gt;/&lt;2 hex&gt;/&lt;entry hash&gt;.f32, plus identity.txt per featurizer.
/// Entry (version 2): "AUGF", u16 version, u16 reserved, i32 dimension, u16 key length, u16 identity length, the
/// content key and the identity (UTF-8), dimension float32 (little endian), u64 XxHash64 of everything before it.
/// The key and identity inside the entry are compared with the ones asked for, so an entry copied to another
/// name is never served for another image. An entry that fails any check (checksum, key, identity, the
/// featurizer's dimension, a non-finite value) is a miss: recomputed and replaced, with one warning per cache.
/// Writes go to a unique temporary file renamed over the entry, so readers in this or another process see
/// either no entry or a whole one; two writers of one entry write the same bytes. Thread-safe.
/// Trust: the checksum detects damage, not tampering; <see cref="CacheVerification"/> recomputes a sample.
/// </summary>
public sealed class FeatureCache
{
    private const int HeaderSize = 16;
    private const int ChecksumSize = 8;
    private const ushort Version = 2;

    /// <summary>Far above any feature vector (16 M floats); a larger file is not an entry.</summary>
    private const long MaxEntryBytes = 64L << 20;

    /// <summary>A version-1 entry (before the key was stored inside): replaced without a warning, it is not damage.</summary>
    private const string OlderFormat = "an older entry format";
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

    /// <summary>When set, a sample of hits is recomputed and compared (see <see cref="CacheVerification"/>).</summary>
    public CacheVerification? Verification { get; init; }

    public int Hits => Volatile.Read(ref _hits);

    public int Misses => Volatile.Read(ref _misses);

    /// <summary>Entries found bad and replaced (the first reported with <see cref="FeaturizationErrors.CorruptCacheEntry"/>).</summary>
    public int Corrupt => Volatile.Read(ref _corrupt);

    public bool TryGet(string contentKey, string identity, out float[] features) => TryGet(contentKey, identity, 0, out features);

    /// <param name="dimension">The featurizer's feature length; 0 when the images decide it.</param>
    public bool TryGet(string contentKey, string identity, int dimension, out float[] features)
    {
        features = [];
        var path = EntryPath(contentKey, identity);
        byte[] bytes = [];
        string? problem = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                Interlocked.Increment(ref _misses);
                return false;
            }

            // Never open what cannot be an entry: a FIFO would block, a device or a huge file would never end.
            if (!Data.FileIdentity.IsOpenable(path) || info.Length > MaxEntryBytes)
                problem = "not a cache entry file";
            else
                bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Missing, or being replaced on a platform that refuses to read it now: a miss either way.
            Interlocked.Increment(ref _misses);
            return false;
        }

        problem ??= Check(bytes, contentKey, identity, dimension, out features);
        if (problem is not null)
        {
            Interlocked.Increment(ref _misses);
            if (!ReferenceEquals(problem, OlderFormat) && Interlocked.Increment(ref _corrupt) == 1)
            {
                _reporter.Warning(
                    FeaturizationErrors.CorruptCacheEntry,
                    $"Feature cache entry '{path}' is bad ({problem}); it is recomputed and replaced, as is any other bad entry this run (warned once). " +
                    $"If this repeats, delete the folder '{Folder}'.",
                    path);
            }

            TryDelete(path);
            features = [];
            return false;
        }

        Interlocked.Increment(ref _hits);
        return true;
    }

    public void Put(string contentKey, string identity, ReadOnlySpan<float> features)
    {
        foreach (var v in features)
        {
            if (!float.IsFinite(v))
                return; // Never cached: it would be refused on every read.
        }

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

    /// <summary>An entry's bytes; <paramref name="contentKey"/> and <paramref name="identity"/> are stored inside it.</summary>
    internal static byte[] Serialize(ReadOnlySpan<float> features, string contentKey, string identity)
    {
        var key = Encoding.UTF8.GetBytes(contentKey);
        var id = Encoding.UTF8.GetBytes(identity);
        if (key.Length > ushort.MaxValue || id.Length > ushort.MaxValue)
            throw new ArgumentException("The content key or identity is too long for a cache entry.");
        var payloadAt = HeaderSize + key.Length + id.Length;
        var bytes = new byte[payloadAt + features.Length * sizeof(float) + ChecksumSize];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), features.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(12), (ushort)key.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(14), (ushort)id.Length);
        key.CopyTo(bytes, HeaderSize);
        id.CopyTo(bytes, HeaderSize + key.Length);
        var payload = bytes.AsSpan(payloadAt, features.Length * sizeof(float));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(features).CopyTo(payload);
        }
        else
        {
            for (var i = 0; i < features.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(payload[(i * 4)..], features[i]);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - ChecksumSize), Checksum(bytes.AsSpan(0, bytes.Length - ChecksumSize)));
        return bytes;
    }

    /// <summary>Null when the entry is whole and belongs to this key, identity and dimension; else what is wrong.</summary>
    private static string? Check(byte[] bytes, string contentKey, string identity, int expectedDimension, out float[] features)
    {
        features = [];
        if (bytes.Length < HeaderSize + ChecksumSize || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
        {
            return "not a cache entry, or truncated";
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)) != Version)
        {
            return OlderFormat;
        }

        var dimension = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(12)), idLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(14));
        var payloadAt = HeaderSize + keyLength + idLength;
        if (dimension < 0 || (long)payloadAt + (long)dimension * sizeof(float) + ChecksumSize != bytes.Length)
            return "truncated or of the wrong length";
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - ChecksumSize));
        if (stored != Checksum(bytes.AsSpan(0, bytes.Length - ChecksumSize)))
            return "its checksum does not match";
        if (!bytes.AsSpan(HeaderSize, keyLength).SequenceEqual(Encoding.UTF8.GetBytes(contentKey)))
            return "it belongs to another image";
        if (!bytes.AsSpan(HeaderSize + keyLength, idLength).SequenceEqual(Encoding.UTF8.GetBytes(identity)))
            return "it belongs to another featurizer";
        if (expectedDimension > 0 && dimension != expectedDimension)
            return $"{dimension} values where the featurizer gives {expectedDimension}";
        var values = new float[dimension];
        var payload = bytes.AsSpan(payloadAt, dimension * sizeof(float));
        for (var i = 0; i < dimension; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(i * 4)..]);
            if (!float.IsFinite(values[i]))
                return "a value that is not a finite number";
        }

        features = values;
        return null;
    }

    private static ulong Checksum(ReadOnlySpan<byte> content) => XxHash64.HashToUInt64(content);

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
