using System.Text.RegularExpressions;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Storage;

namespace AugBuild.Engine.ScaleOut;

/// <summary>
/// Where the parts of a sharded materialize live, beside the final dataset and never in it. Every reader and writer
/// of parts goes through this, so another kind of shared location (an object store) plugs in at
/// <see cref="PartStore.For"/>.
/// </summary>
public interface IPartStore : IDisposable
{
    /// <summary>The location, for messages.</summary>
    string Location { get; }

    /// <summary>The names of the complete parts (<c>part-iiiii-of-NNNNN.augpart</c>), ordinal order.</summary>
    IReadOnlyList<string> List();

    /// <summary>
    /// Writes a part under a temporary name and publishes it as <paramref name="name"/> only once
    /// <paramref name="write"/> has finished: readers see the previous part or the whole new one, never a partial one.
    /// </summary>
    /// <returns>The part's size in bytes.</returns>
    Task<long> WriteAsync(string name, Func<Stream, CancellationToken, Task> write, CancellationToken ct);

    /// <summary>Where the part <paramref name="name"/> is, as a user would write it (a path or an s3:// URI).</summary>
    string Describe(string name);

    Stream OpenRead(string name);

    void Delete(string name);

    /// <summary>Removes temporaries of <paramref name="name"/> that a killed writer left.</summary>
    void RemoveStaleTemporaries(string name);
}

public static class PartStore
{
    public const string FolderName = "parts";

    /// <summary>
    /// The part store of an output location, <c>&lt;out&gt;/.augbuild/parts/</c>: a folder (local or shared, NFS-style),
    /// or the objects below an <c>s3://</c> out (<see cref="S3PartStore"/>, which stages each part in
    /// <paramref name="scratch"/>: default a temporary folder of its own).
    /// </summary>
    public static IPartStore For(string outDir, string? scratch = null)
    {
        if (!StorageLocation.IsS3Text(outDir))
            return new FolderPartStore(Path.Combine(Path.GetFullPath(outDir), RunPipeline.StateFolder, FolderName));
        var location = StorageLocation.Parse(outDir, "--out").Child(RunPipeline.StateFolder + "/" + FolderName);
        return new S3PartStore(ObjectStores.Open(location, "--out"), scratch ?? Directory.CreateTempSubdirectory("augbuild-parts-").FullName);
    }

    /// <summary>Whether <paramref name="name"/> is the final name of a part (not a temporary, not another file).</summary>
    public static bool IsPartName(string name) => FolderPartStore.IsPartName(name);
}

/// <summary>Parts as files of one folder: written to <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c> beside the final name, then renamed over it.</summary>
public sealed partial class FolderPartStore(string folder) : IPartStore
{
    public string Location { get; } = folder;

    public IReadOnlyList<string> List() =>
        Directory.Exists(Location)
            ? [.. Directory.EnumerateFiles(Location, "part-*" + PartFile.Extension).Select(f => Path.GetFileName(f)!).Where(IsPartName).Order(StringComparer.Ordinal)]
            : [];

    public async Task<long> WriteAsync(string name, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        Directory.CreateDirectory(Location);
        long bytes;
        var temp = Path.Combine(Location, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await write(stream, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
                bytes = stream.Length;
            }

            ct.ThrowIfCancellationRequested();
            File.Move(temp, Path.Combine(Location, name), overwrite: true);
            return bytes;
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    public string Describe(string name) => Path.Combine(Location, name);

    public Stream OpenRead(string name) =>
        new FileStream(Path.Combine(Location, name), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);

    public void Delete(string name) => File.Delete(Path.Combine(Location, name));

    public void RemoveStaleTemporaries(string name)
    {
        if (!Directory.Exists(Location))
            return;
        foreach (var file in Directory.EnumerateFiles(Location, $".{name}.*.tmp"))
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another writer of the same shard (a duplicate task) may hold it; harmless, never read.
            }
        }
    }

    /// <summary>Nothing to release: every stream is the caller's.</summary>
    public void Dispose()
    {
    }

    internal static bool IsPartName(string name) => PartName().IsMatch(name);

    [GeneratedRegex(@"^part-\d{5}-of-\d{5}\.augpart$", RegexOptions.CultureInvariant)]
    private static partial Regex PartName();
}
