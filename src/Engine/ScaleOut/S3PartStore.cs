using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Storage;

namespace AugBuild.Engine.ScaleOut;

/// <summary>
/// Parts as objects below <c>s3://bucket/prefix/.augbuild/parts/</c>. A shard writes its part to a local file in
/// <see cref="Scratch"/> and uploads it under the final name only when it is whole: an S3 PUT is atomic, so readers
/// see no part, the previous one or the whole new one, and a killed shard leaves nothing in the bucket. A retried
/// shard's PUT replaces only its own key. Reads download each part once into the scratch folder, which
/// <see cref="Dispose"/> removes.
/// </summary>
public sealed class S3PartStore : IPartStore
{
    private readonly IObjectStore _store;
    private readonly HashSet<string> _downloaded = new(StringComparer.Ordinal);

    public S3PartStore(IObjectStore store, string scratch)
    {
        _store = store;
        Scratch = Path.GetFullPath(scratch);
        Directory.CreateDirectory(Scratch);
    }

    public string Location => _store.Location.ToString();

    /// <summary>The local folder parts are written to before their upload and downloaded to before they are read.</summary>
    public string Scratch { get; }

    // The part store's interface is synchronous where the folder store is; these calls run on the CLI's
    // thread pool without a synchronization context, so blocking on them cannot deadlock.
    public IReadOnlyList<string> List() =>
        [.. _store.ListAsync("").GetAwaiter().GetResult().Where(PartStore.IsPartName).Order(StringComparer.Ordinal)];

    public async Task<long> WriteAsync(string name, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var temp = Path.Combine(Scratch, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            long bytes;
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await write(stream, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                bytes = stream.Length;
            }

            ct.ThrowIfCancellationRequested();
            await _store.UploadFileAsync(name, temp, ct).ConfigureAwait(false);
            return bytes;
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    public string Describe(string name) => _store.Location.Describe(name);

    public Stream OpenRead(string name)
    {
        var local = Path.Combine(Scratch, name);
        if (_downloaded.Add(name) && !_store.DownloadFileAsync(name, local).GetAwaiter().GetResult())
        {
            _downloaded.Remove(name);
            throw new AugBuildException(ScaleOutErrors.PartsMissing,
                $"The part '{Describe(name)}' was listed but is gone (deleted while gather ran?). Rerun its materialize shard, then gather.", Describe(name));
        }

        return new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
    }

    public void Delete(string name)
    {
        _store.DeleteAsync(name).GetAwaiter().GetResult();
        var local = Path.Combine(Scratch, name);
        if (File.Exists(local))
            File.Delete(local);
        _downloaded.Remove(name);
    }

    /// <summary>Nothing to remove in the bucket: a part is uploaded whole or not at all. Local temporaries are this process's, removed as it goes.</summary>
    public void RemoveStaleTemporaries(string name)
    {
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Scratch))
                Directory.Delete(Scratch, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A scratch copy still open elsewhere: left for the temp folder's own cleanup.
        }

        (_store as IDisposable)?.Dispose();
    }
}
