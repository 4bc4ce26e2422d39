using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// The featurize pipeline: decoder workers (one per core) read, hash, look up the cache, decode and prepare images;
/// a bounded channel carries prepared inputs to one inference loop that batches them. Memory is bounded by the
/// channel capacity (about two batches of prepared inputs), however many images there are. Results are stored
/// by index, so they come back in input order whatever order batches complete in. A cache on an object store
/// (S3) is read by a lookup stage before the decoders instead, many GETs in flight, which hands only the misses
/// (and the hits <c>--verify-cache</c> samples) to the decoders, so round trips never serialise featurization;
/// its writes go on in the background and are awaited before the result is returned.
/// </summary>
public static class FeatureExtractor
{
    public const string Stage = "featurize";

    public static FeatureRunResult Run(
        IReadOnlyList<IImageSource> sources,
        IFeaturizer featurizer,
        FeatureCache? cache,
        IReporter reporter,
        CancellationToken cancellationToken = default) =>
        RunAsync(sources, featurizer, cache, reporter, 0, cancellationToken).GetAwaiter().GetResult();

    /// <param name="decodeWorkers">Decoder threads; 0 = one per core.</param>
    public static FeatureRunResult Run(
        IReadOnlyList<IImageSource> sources,
        IFeaturizer featurizer,
        FeatureCache? cache,
        IReporter reporter,
        int decodeWorkers,
        CancellationToken cancellationToken = default) =>
        RunAsync(sources, featurizer, cache, reporter, decodeWorkers, cancellationToken).GetAwaiter().GetResult();

    /// <param name="decodeWorkers">Decoder threads; 0 = one per core.</param>
    public static async Task<FeatureRunResult> RunAsync(
        IReadOnlyList<IImageSource> sources,
        IFeaturizer featurizer,
        FeatureCache? cache,
        IReporter reporter,
        int decodeWorkers = 0,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var n = sources.Count;
        var features = new float[]?[n];
        var keys = new string?[n];
        var expected = new float[]?[n];
        var shapes = new string?[n];
        var failures = new ConcurrentQueue<(int Index, string Reason)>();
        var progress = new ProgressCounter(reporter, Stage, n);
        var batchSize = Math.Max(1, featurizer.BatchSize);
        var workers = decodeWorkers > 0 ? decodeWorkers : Environment.ProcessorCount;
        int cached = 0, computed = 0, verified = 0, next = -1;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<(int Index, PreparedImage Input)>(
            new BoundedChannelOptions(Math.Max(2 * batchSize, 2 * workers)) { SingleReader = true });

        // A remote cache: the lookup stage's misses, in about input order (ints: unbounded costs at most n of them).
        var remoteCache = cache is { IsRemote: true } ? cache : null;
        var misses = remoteCache is null ? null : Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleWriter = false });

        // A hit is done unless --verify-cache samples it: then it is recomputed below and compared.
        bool TakeHit(int i, string key, float[] hit)
        {
            if (cache!.Verification?.Samples(key) == true)
            {
                expected[i] = hit;
                return false;
            }

            features[i] = hit;
            Interlocked.Increment(ref cached);
            progress.Add(1);
            return true;
        }

        async Task LookupLoop()
        {
            try
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = Storage.S3Connection.Concurrency, CancellationToken = stop.Token };
                await Parallel.ForEachAsync(Enumerable.Range(0, n), options, async (i, ct) =>
                {
                    string key;
                    try
                    {
                        key = sources[i].CacheKey;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        misses!.Writer.TryWrite(i); // The decoder meets the same failure and reports it.
                        return;
                    }

                    var hit = await remoteCache!.TryGetAsync(key, featurizer.Identity, featurizer.Dimension, ct).ConfigureAwait(false);
                    if (hit is null || !TakeHit(i, key, hit))
                        misses!.Writer.TryWrite(i);
                }).ConfigureAwait(false);
                misses!.Writer.TryComplete();
            }
            catch (Exception e)
            {
                misses!.Writer.TryComplete(e);
                throw;
            }
        }

        async ValueTask<int> NextIndex()
        {
            if (misses is null)
            {
                var i = Interlocked.Increment(ref next);
                return i < n ? i : -1;
            }

            while (await misses.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                if (misses.Reader.TryRead(out var i))
                    return i;
            }

            return -1;
        }

        async Task DecodeLoop()
        {
            int i;
            while ((i = await NextIndex().ConfigureAwait(false)) >= 0)
            {
                stop.Token.ThrowIfCancellationRequested();
                var source = sources[i];
                PreparedImage? prepared = null;
                try
                {
                    var key = source.CacheKey;
                    if (remoteCache is null && cache is not null && cache.TryGet(key, featurizer.Identity, featurizer.Dimension, out var hit) && TakeHit(i, key, hit))
                        continue;

                    keys[i] = key;
                    if (source.Plan is { } plan)
                        featurizer.CheckSize(plan.Decoded, plan.Gray);
                    using (Imaging.DecodeBudget.Shared.Reserve(source.DecodeBytes, stop.Token))
                    using (var bitmap = source.Load())
                        prepared = featurizer.Prepare(bitmap);
                    shapes[i] = prepared.Shape;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Enqueue((i, Reason(source, e)));
                    progress.Add(1);
                    continue;
                }

                try
                {
                    await channel.Writer.WriteAsync((i, prepared), stop.Token).ConfigureAwait(false);
                }
                catch
                {
                    prepared.Dispose();
                    throw;
                }
            }
        }

        void Flush(List<(int Index, PreparedImage Input)> batch)
        {
            if (batch.Count == 0)
                return;
            try
            {
                var outputs = featurizer.Infer([.. batch.Select(b => b.Input)]);
                for (var k = 0; k < batch.Count; k++)
                {
                    var index = batch[k].Index;
                    features[index] = outputs[k];
                    if (expected[index] is { } cachedValues)
                    {
                        if (CacheVerification.Compare(cachedValues, outputs[k]) is { } difference)
                        {
                            throw new AugBuildException(FeaturizationErrors.CacheMismatch,
                                $"--verify-cache: the cached features of '{sources[index].Name}' differ from recomputed ones ({difference}) in '{cache!.EntryPath(keys[index]!, featurizer.Identity)}'. " +
                                $"The cache was written by another featurizer or version, or was altered: delete '{cache.Folder}' (or pass another --cache) and rerun.",
                                sources[index].Name);
                        }

                        verified++;
                    }
                    else
                    {
                        cache?.Put(keys[index]!, featurizer.Identity, outputs[k]);
                    }
                }

                computed += batch.Count;
                progress.Add(batch.Count);
            }
            finally
            {
                foreach (var b in batch)
                    b.Input.Dispose();
                batch.Clear();
            }
        }

        async Task InferLoop()
        {
            var batch = new List<(int Index, PreparedImage Input)>(batchSize);
            try
            {
                while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
                {
                    while (batch.Count < batchSize && channel.Reader.TryRead(out var item))
                        batch.Add(item);
                    if (batch.Count == batchSize)
                        Flush(batch);
                }

                Flush(batch);
            }
            catch
            {
                foreach (var b in batch)
                    b.Input.Dispose();
                throw;
            }
        }

        var decoders = Enumerable.Range(0, workers).Select(_ => Task.Run(DecodeLoop, stop.Token))
            .Concat(misses is null ? [] : [Task.Run(LookupLoop, stop.Token)]).ToArray();
        var decoding = Task.WhenAll(decoders).ContinueWith(
            t => channel.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);
        var inference = Task.Run(InferLoop, stop.Token);

        try
        {
            await inference.ConfigureAwait(false);
        }
        catch
        {
            // Unblock decoders waiting on a full channel, then free what they left in it.
            await stop.CancelAsync().ConfigureAwait(false);
            await decoding.ConfigureAwait(false);
            while (channel.Reader.TryRead(out var left))
                left.Input.Dispose();
            throw;
        }

        await decoding.ConfigureAwait(false);
        await Task.WhenAll(decoders).ConfigureAwait(false);
        if (cache is not null)
            await cache.FlushAsync().ConfigureAwait(false);

        var failureList = failures.OrderBy(f => f.Index).ToList();
        var dimension = CheckDimensions(sources, features, shapes);
        return new FeatureRunResult(features, dimension, computed, cached, failureList, clock.Elapsed) { Verified = verified };
    }

    private static string Reason(IImageSource source, Exception e) =>
        e is AugBuildException ab ? $"{ab.Code}: {ab.Message}" : $"Image '{source.Name}' could not be featurized: {e.Message}";

    private static int CheckDimensions(IReadOnlyList<IImageSource> sources, float[]?[] features, string?[] shapes)
    {
        var first = Array.FindIndex(features, f => f is not null);
        if (first < 0)
            return 0;
        var dimension = features[first]!.Length;
        var other = Array.FindIndex(features, f => f is not null && f.Length != dimension);
        if (other < 0)
            return dimension;

        static string Describe(IImageSource s, float[] f, string? shape) =>
            $"'{s.Name}' gives {f.Length} values" + (shape is null ? "" : $" ({shape}, channels x height x width)");
        throw new AugBuildException(
            FeaturizationErrors.InconsistentImageShapes,
            $"Images have different sizes: {Describe(sources[first], features[first]!, shapes[first])} but " +
            $"{Describe(sources[other], features[other]!, shapes[other])}. Resize them all to one size with a side, " +
            "e.g. --featurizer pixels:28 (and pixels:28:rgb or pixels:28:gray when gray and colour images are mixed).",
            sources[other].Name);
    }
}
