using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Storage;

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
/// On an object store (<c>--cache s3://bucket/prefix</c>) the same entries have the same names below the prefix
/// (<see cref="EntryName"/>) and the same checks; reads are awaited by the caller (<see cref="TryGetAsync"/>, many
/// in flight), writes go on in the background (<see cref="Put"/> returns at once, <see cref="FlushAsync"/> waits),
/// and a store that fails is a miss, warned once.
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

    /// <summary>Background writes to an object store in flight at most: a slow store holds back inference, not memory.</summary>
    private const int MaxPendingWrites = 64;

    /// <summary>
    /// Reads (or writes) that failed after the SDK's retries before the store is no longer asked this run: each
    /// failure took seconds of retries, and a store that is down must not turn every image into that wait.
    /// </summary>
    private const int StoreFailuresBeforeGivingUp = 3;

    private readonly IReporter _reporter;
    private readonly IObjectStore? _store;
    private readonly object _writeGate = new();
    private readonly ConcurrentDictionary<Task, byte> _pendingWrites = new();
    private readonly ConcurrentDictionary<string, byte> _identitiesWritten = new(StringComparer.Ordinal);
    private int _readFailures;
    private int _writesInFlight;
    private int _hits;
    private int _misses;
    private int _corrupt;
    private int _writeFailures;

    public FeatureCache(string folder, IReporter? reporter = null)
    {
        Folder = Path.GetFullPath(folder);
        _reporter = reporter ?? NullReporter.Instance;
    }

    /// <summary>
    /// The cache on an object store: <paramref name="store"/> is the <c>--cache</c> location's, and entries are
    /// named below it as they are below a local cache folder (<see cref="EntryName"/>).
    /// </summary>
    public FeatureCache(IObjectStore store, IReporter? reporter = null)
    {
        _store = store;
        Folder = store.Location.Describe(FeaturesFolder);
        _reporter = reporter ?? NullReporter.Instance;
    }

    /// <summary>The local folder <c>&lt;cache&gt;/features</c>, or where the entries are on an object store (an s3:// URI).</summary>
    public string Folder { get; }

    /// <summary>Whether entries are on an object store: callers then overlap reads with <see cref="TryGetAsync"/>.</summary>
    public bool IsRemote => _store?.IsRemote == true;

    /// <summary>Where rewritten models are kept: beside a local cache, else in the user's local cache folder.</summary>
    public string ModelDirectory => _store is null
        ? Path.Combine(Path.GetDirectoryName(Folder)!, "models")
        : Path.Combine(CacheLocation.Default(), "models");

    /// <summary>The folder below the <c>--cache</c> location that holds the entries (a local cache's <see cref="Folder"/>).</summary>
    private const string FeaturesFolder = "features";

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
        if (_store is not null)
        {
            var hit = TryGetAsync(contentKey, identity, dimension).GetAwaiter().GetResult();
            features = hit ?? [];
            return hit is not null;
        }

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
            ReportBad(path, problem, $"the folder '{Folder}'");
            TryDelete(path);
            features = [];
            return false;
        }

        Interlocked.Increment(ref _hits);
        return true;
    }

    /// <summary>
    /// The features of an entry, or null for a miss. On an object store this is one GET, and many may be in flight;
    /// a store that cannot be read is a miss (warning AUG2615, once). A local cache answers at once.
    /// </summary>
    public async Task<float[]?> TryGetAsync(string contentKey, string identity, int dimension, CancellationToken cancellationToken = default)
    {
        if (_store is null)
            return TryGet(contentKey, identity, dimension, out var local) ? local : null;

        var name = EntryName(contentKey, identity);
        if (Volatile.Read(ref _readFailures) >= StoreFailuresBeforeGivingUp)
        {
            Interlocked.Increment(ref _misses);
            return null;
        }

        ObjectRead read;
        try
        {
            read = await _store.ReadAsync(name, MaxEntryBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (AugBuildException e)
        {
            Interlocked.Increment(ref _misses);
            if (Interlocked.Increment(ref _readFailures) == 1)
            {
                _reporter.Warning(StorageErrors.CacheReadFailed,
                    $"Feature cache '{Folder}' could not be read ({e.Code}: {e.Message}); those features are recomputed (warned once; after {StoreFailuresBeforeGivingUp} such failures the cache is not read again this run).", Folder);
            }

            return null;
        }

        if (read.Status == ObjectStatus.Missing)
        {
            Interlocked.Increment(ref _misses);
            return null;
        }

        float[] features = [];
        var problem = read.Status == ObjectStatus.NotAnObject ? "not a cache entry object" : Check(read.Bytes, contentKey, identity, dimension, out features);
        if (problem is null)
        {
            Interlocked.Increment(ref _hits);
            return features;
        }

        ReportBad(_store.Location.Describe(name), problem, $"the objects under '{Folder}'");
        try
        {
            await _store.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (AugBuildException)
        {
            // The recomputed entry overwrites it anyway.
        }

        return null;
    }

    private void ReportBad(string where, string problem, string whatToDelete)
    {
        Interlocked.Increment(ref _misses);
        if (!ReferenceEquals(problem, OlderFormat) && Interlocked.Increment(ref _corrupt) == 1)
        {
            _reporter.Warning(
                FeaturizationErrors.CorruptCacheEntry,
                $"Feature cache entry '{where}' is bad ({problem}); it is recomputed and replaced, as is any other bad entry this run (warned once). " +
                $"If this repeats, delete {whatToDelete}.",
                where);
        }
    }

    public void Put(string contentKey, string identity, ReadOnlySpan<float> features)
    {
        foreach (var v in features)
        {
            if (!float.IsFinite(v))
                return; // Never cached: it would be refused on every read.
        }

        if (_store is not null)
        {
            if (Volatile.Read(ref _writeFailures) >= StoreFailuresBeforeGivingUp)
                return;
            QueueWrite(EntryName(contentKey, identity), Serialize(features, contentKey, identity));
            if (_identitiesWritten.TryAdd(identity, 0))
                QueueWrite(IdentityName(identity), Encoding.UTF8.GetBytes(identity + "\n"));
            return;
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

    /// <summary>Waits for the background writes to an object store (none for a local cache); a failed one was warned (AUG2021).</summary>
    public async Task FlushAsync()
    {
        while (!_pendingWrites.IsEmpty)
            await Task.WhenAll(_pendingWrites.Keys).ConfigureAwait(false);
    }

    /// <summary>The entry file of a key (its s3:// URI on an object store); tests use it to damage entries.</summary>
    public string EntryPath(string contentKey, string identity) => _store is null
        ? Path.Combine(Folder, RelativeEntryName(contentKey, identity).Replace('/', Path.DirectorySeparatorChar))
        : _store.Location.Describe(EntryName(contentKey, identity));

    /// <summary>The entry's object name below the <c>--cache</c> location: the same for a folder and an object store.</summary>
    public static string EntryName(string contentKey, string identity) => $"{FeaturesFolder}/{RelativeEntryName(contentKey, identity)}";

    /// <summary>The entry's name below <see cref="Folder"/>: features/v1/&lt;identity hash&gt;/&lt;2 hex&gt;/&lt;entry hash&gt;.f32.</summary>
    private static string RelativeEntryName(string contentKey, string identity)
    {
        var entry = Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(contentKey)));
        return $"features/v1/{IdentityHash(identity)}/{entry[..2]}/{entry}.f32";
    }

    /// <summary>The object name of a featurizer's identity.txt below the <c>--cache</c> location.</summary>
    private static string IdentityName(string identity) => $"{FeaturesFolder}/features/v1/{IdentityHash(identity)}/identity.txt";

    private static string IdentityHash(string identity) => Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(identity)));

    private string IdentityFolder(string identity) => Path.Combine(Folder, "features", "v1", IdentityHash(identity));

    private void QueueWrite(string name, byte[] bytes)
    {
        lock (_writeGate)
        {
            while (_writesInFlight >= MaxPendingWrites)
                Monitor.Wait(_writeGate);
            _writesInFlight++;
        }

        var write = Task.Run(async () =>
        {
            try
            {
                await _store!.WriteAsync(name, bytes).ConfigureAwait(false);
            }
            catch (AugBuildException e)
            {
                if (Interlocked.Increment(ref _writeFailures) == 1)
                {
                    _reporter.Warning(FeaturizationErrors.CacheWriteFailed,
                        $"Feature cache '{Folder}' cannot be written ({e.Code}: {e.Message}); features are computed but not cached (after {StoreFailuresBeforeGivingUp} such failures no more writes are tried this run). Check the credentials' s3:PutObject permission.",
                        Folder);
                }
            }
            finally
            {
                lock (_writeGate)
                {
                    _writesInFlight--;
                    Monitor.Pulse(_writeGate);
                }
            }
        });
        _pendingWrites.TryAdd(write, 0);
        _ = write.ContinueWith(t => _pendingWrites.TryRemove(t, out _), TaskScheduler.Default);
    }

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
