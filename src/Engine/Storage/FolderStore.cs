using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Storage;

/// <summary>
/// Objects as files below a local or NFS-mounted folder. A write goes to a unique temporary beside the file and is
/// renamed over it, so a reader on this or another machine sees no file or the whole one. Names ending in .tmp
/// are temporaries and are never listed.
/// </summary>
public sealed class FolderStore : IObjectStore
{
    public FolderStore(StorageLocation location)
    {
        if (location.IsS3)
            throw new ArgumentException("A folder store needs a folder location.", nameof(location));
        Location = location;
    }

    public StorageLocation Location { get; }

    public bool IsRemote => false;

    private string Root => Location.Folder!;

    public Task<ObjectRead> ReadAsync(string name, long maxBytes, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        var info = new FileInfo(path);
        if (!info.Exists)
            return Task.FromResult(ObjectRead.Missing);

        // Never open what cannot be an object: a FIFO would block, a device or a huge file would never end.
        if (!Data.FileIdentity.IsOpenable(path) || info.Length > maxBytes)
            return Task.FromResult(ObjectRead.NotAnObject);
        return Task.FromResult(new ObjectRead(ObjectStatus.Found, File.ReadAllBytes(path)));
    }

    // Temp name + rename (Tables.AtomicFile): a reader never sees half an object; the *.tmp names are never listed.
    public Task WriteAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        Tables.AtomicFile.WriteAsync(PathOf(name), stream => stream.WriteAsync(bytes, cancellationToken).AsTask(), cancellationToken);

    public Task UploadFileAsync(string name, string localFile, CancellationToken cancellationToken = default) =>
        Tables.AtomicFile.WriteAsync(PathOf(name), async stream =>
        {
            await using var source = File.OpenRead(localFile);
            await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public async Task<bool> DownloadFileAsync(string name, string localFile, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
            return false;
        await new FolderStore(StorageLocation.OfFolder(Path.GetDirectoryName(Path.GetFullPath(localFile))!))
            .UploadFileAsync(Path.GetFileName(localFile), path, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(name)));

    public Task<IReadOnlyList<string>> ListAsync(string under, CancellationToken cancellationToken = default)
    {
        var folder = under.Length == 0 ? Root : PathOf(under);
        IReadOnlyList<string> names = !Directory.Exists(folder)
            ? []
            : [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)];
        return Task.FromResult(names);
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(name));
        return Task.CompletedTask;
    }

    public Task CheckAccessAsync(string setting, CancellationToken cancellationToken = default)
    {
        if (File.Exists(Root))
        {
            throw new AugBuildException(Pipeline.PipelineErrors.FileAccess,
                $"{setting} '{Root}' is a file. Choose a folder (it is created if missing).", Root);
        }

        return Task.CompletedTask;
    }

    private string PathOf(string name) => Location.Describe(name);
}
