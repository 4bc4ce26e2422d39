using System.Diagnostics;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;

namespace AugBuild.Engine.Storage;

/// <summary>
/// Publishes finished local outputs to a location (an S3 prefix, or a shared folder). S3 has no rename, so the
/// commit is ordered instead: the previous manifest is removed, every object is uploaded, and the new
/// <see cref="ManifestName"/> is written last, so a reader that sees the manifest sees a complete dataset. Only
/// AugBuild's own objects are replaced or deleted: those a previous manifest lists, or an interrupted publish's
/// intent (<see cref="IntentName"/>, written before the first upload); an object under a needed name that neither
/// lists is never overwritten (AUG6611). A republish of the same bytes uploads nothing.
/// </summary>
public static class DatasetPublisher
{
    /// <summary>Written last: readers wait for it. '_' first, so Spark and Hive readers skip it.</summary>
    public const string ManifestName = "_augbuild-manifest.json";

    /// <summary>The names a publish in progress owns; removed once its manifest is written.</summary>
    public const string IntentName = "_augbuild-publishing.json";

    public const string Stage = "publish";

    /// <summary>Uploads in flight: a few large shards saturate a link, more only add memory.</summary>
    private const int Uploads = 8;

    /// <param name="localRoot">The local folder that holds the files.</param>
    /// <param name="names">The files to publish, '/'-separated and relative to <paramref name="localRoot"/>; they keep these names below <paramref name="target"/>.</param>
    /// <param name="setting">The setting that named <paramref name="target"/>, for errors.</param>
    public static async Task<PublishResult> PublishAsync(
        string localRoot,
        IReadOnlyList<string> names,
        StorageLocation target,
        IReporter reporter,
        string setting = "--out",
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var objects = names.Select(n => n.Replace('\\', '/')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(n => Describe(localRoot, n)).ToList();
        var manifest = new PublishManifest { ToolVersion = Pipeline.ToolVersion.Current, Objects = objects };
        var store = ObjectStores.Open(target, setting);
        try
        {
            await store.CheckAccessAsync(setting, cancellationToken).ConfigureAwait(false);
            var previous = await ReadManifestAsync(store, ManifestName, cancellationToken).ConfigureAwait(false);
            var intent = await ReadManifestAsync(store, IntentName, cancellationToken).ConfigureAwait(false);
            if (intent is null && previous is not null && previous.SameObjects(manifest))
            {
                reporter.Info($"publish: {objects.Count} objects unchanged at {target}");
                return new PublishResult(target, objects.Count, 0, 0, clock.Elapsed);
            }

            var owned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var o in (previous?.Objects ?? []).Concat(intent?.Objects ?? []))
                owned.Add(o.Name);
            var existing = (await store.ListAsync("", cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            var foreign = objects.Where(o => existing.Contains(o.Name) && !owned.Contains(o.Name)).Select(o => target.Describe(o.Name)).ToList();
            if (foreign.Count > 0)
            {
                throw new AugBuildException(StorageErrors.ForeignObject,
                    $"{setting} '{target}' already holds {foreign.Count} object(s) that AugBuild did not publish under names it needs: {string.Join(", ", foreign.Take(10))}{(foreign.Count > 10 ? ", ..." : "")}. " +
                    "Nothing was uploaded. Move them away, or publish to another prefix.",
                    foreign[0]);
            }

            // Owned until the new manifest is written: old and new names, so a kill in between is repaired by a rerun.
            var all = objects.Concat((previous?.Objects ?? []).Concat(intent?.Objects ?? []).Where(o => !objects.Any(n => n.Name == o.Name)))
                .DistinctBy(o => o.Name).ToList();
            await store.WriteAsync(IntentName, (manifest with { Objects = all }).ToBytes(), cancellationToken).ConfigureAwait(false);
            await store.DeleteAsync(ManifestName, cancellationToken).ConfigureAwait(false);

            var total = objects.Sum(o => o.Size);
            long sent = 0;
            var done = 0;
            reporter.Progress(Stage, 0, objects.Count, ProgressUnitsObjects);
            await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = Uploads, CancellationToken = cancellationToken }, async (o, ct) =>
            {
                await store.UploadFileAsync(o.Name, LocalPath(localRoot, o.Name), ct).ConfigureAwait(false);
                Interlocked.Add(ref sent, o.Size);
                reporter.Progress(Stage, Interlocked.Increment(ref done), objects.Count, ProgressUnitsObjects);
            }).ConfigureAwait(false);

            await store.WriteAsync(ManifestName, manifest.ToBytes(), cancellationToken).ConfigureAwait(false);

            var keep = objects.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            var stale = owned.Where(n => !keep.Contains(n) && existing.Contains(n)).Order(StringComparer.Ordinal).ToList();
            foreach (var name in stale)
                await store.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            await store.DeleteAsync(IntentName, cancellationToken).ConfigureAwait(false);

            var others = existing.Where(n => !owned.Contains(n) && !keep.Contains(n) && n is not ManifestName and not IntentName).ToList();
            if (others.Count > 0)
            {
                reporter.Info($"publish: left {others.Count} object(s) AugBuild did not write at {target}: {string.Join(", ", others.Take(5))}{(others.Count > 5 ? ", ..." : "")}");
            }

            reporter.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"publish: {objects.Count} objects ({total / 1e6:0.0} MB) to {target} in {clock.Elapsed.TotalSeconds:0.0} s, {ManifestName} last{(stale.Count > 0 ? $"; removed {stale.Count} stale" : "")}"));
            return new PublishResult(target, objects.Count, objects.Count, stale.Count, clock.Elapsed);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>The unit of the publish stage's progress.</summary>
    public const string ProgressUnitsObjects = "objects";

    private static PublishedObject Describe(string localRoot, string name)
    {
        var path = LocalPath(localRoot, name);
        try
        {
            return new PublishedObject(name, new FileInfo(path).Length, ContentHash.OfFile(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AugBuildException(Pipeline.PipelineErrors.FileAccess, $"'{path}' cannot be read to publish it: {e.Message}", path, e);
        }
    }

    private static string LocalPath(string localRoot, string name) => Path.Combine(localRoot, name.Replace('/', Path.DirectorySeparatorChar));

    private static async Task<PublishManifest?> ReadManifestAsync(IObjectStore store, string name, CancellationToken cancellationToken)
    {
        var read = await store.ReadAsync(name, 256L << 20, cancellationToken).ConfigureAwait(false);
        if (read.Status == ObjectStatus.Missing)
            return null;
        return (read.Status == ObjectStatus.Found ? PublishManifest.TryParse(read.Bytes) : null)
            ?? throw new AugBuildException(StorageErrors.BadManifest,
                $"'{store.Location.Describe(name)}' is not a manifest AugBuild wrote, so it cannot tell which objects are its own. Nothing was uploaded. Remove it, or publish to another prefix.",
                store.Location.Describe(name));
    }
}

/// <summary>What a publish did: objects in the manifest, uploaded (0 when unchanged), stale ones removed.</summary>
public sealed record PublishResult(StorageLocation Target, int Objects, int Uploaded, int Removed, TimeSpan Elapsed);
