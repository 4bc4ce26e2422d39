namespace AugBuild.Engine.Storage;

/// <summary>
/// Named objects below a <see cref="StorageLocation"/>: a folder's files or an S3 prefix's keys. Names are
/// '/'-separated and relative to the location. A write is atomic: readers see no object or the whole new one.
/// Failures of the store itself (no bucket, no access, unreachable) throw a coded <see cref="Diagnostics.AugBuildException"/>.
/// </summary>
public interface IObjectStore
{
    StorageLocation Location { get; }

    /// <summary>Whether round trips are slow (a network store): callers then batch and overlap them.</summary>
    bool IsRemote { get; }

    /// <summary>The object's bytes; <see cref="ObjectStatus.NotAnObject"/> for something that is not a plain object or exceeds <paramref name="maxBytes"/>.</summary>
    Task<ObjectRead> ReadAsync(string name, long maxBytes, CancellationToken cancellationToken = default);

    Task WriteAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default);

    Task UploadFileAsync(string name, string localFile, CancellationToken cancellationToken = default);

    /// <summary>Copies an object to a local file (written to a temporary beside it and renamed); false when it does not exist.</summary>
    Task<bool> DownloadFileAsync(string name, string localFile, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every object name below <paramref name="under"/> ("" for all), in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string under, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object if it exists.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Fails early, with a code naming <paramref name="setting"/> and the fix, when the location cannot be used.</summary>
    Task CheckAccessAsync(string setting, CancellationToken cancellationToken = default);
}

public enum ObjectStatus
{
    Missing,
    Found,
    NotAnObject,
}

/// <summary>What <see cref="IObjectStore.ReadAsync"/> found.</summary>
public readonly record struct ObjectRead(ObjectStatus Status, byte[] Bytes)
{
    public static ObjectRead Missing { get; } = new(ObjectStatus.Missing, []);

    public static ObjectRead NotAnObject { get; } = new(ObjectStatus.NotAnObject, []);
}
