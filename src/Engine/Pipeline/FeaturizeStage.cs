using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.ScaleOut;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// The map of a sharded run (docs/scale-out.md): fills the feature cache with one shard's features, under exactly
/// the keys the score stage looks up, so a score stage after every shard has run computes none.
/// </summary>
public static class FeaturizeStage
{
    public static async Task<FeaturizeOutcome> RunAsync(FeaturizeRequest request, IReporter reporter, CancellationToken cancellationToken = default)
    {
        PathSettings.RequireImages(request.Images);
        PathSettings.RequireCacheFolder(request.Featurization.CacheDir);
        PathSettings.RequireFeaturizer(request.Featurization.Spec);
        var dataset = DatasetLoader.Load(request.Images, reporter);
        var shard = request.Shard ?? new ShardSpec(0, 1);
        // Membership from the shards' shared hash index: each image is read about once across all shards, not once per shard.
        var (keys, hashed) = ShardHashIndex.For(request.Featurization.CacheDir)
            .Keys([.. dataset.Images.Select(e => (e.FullPath, e.Path))], shard, cancellationToken);
        var members = ShardMembers.Of(shard, keys);
        var cache = DatasetFeatures.OpenCache(request.Featurization.CacheDir, reporter, request.Featurization.VerifyCache);
        using var featurizer = FeaturizerFactory.Create(request.Featurization.Spec, request.Featurization.Options(cache) with { OpenSessionOnFirstBatch = true }, reporter);

        // A member's features are keyed by the hash of the bytes read here: a key from the index decides membership
        // only (ShardHashIndex). Unreadable files keep no key: the extractor then reports them like any bad image. The
        // featurizer's input size decodes large JPEG/WebP images downscaled and keys them so, as the score stage does.
        var sources = members.Select(i => (IImageSource)new FileImageSource(dataset.Images[i].FullPath,
            hashed[i] && !ShardMembers.IsUnreadable(keys[i]) ? keys[i] : null, featurizer.InputSize)).ToList();
        var result = await FeatureExtractor.RunAsync(sources, featurizer, cache, reporter, 0, cancellationToken).ConfigureAwait(false);
        if (result.Failures.Count > 0)
        {
            var list = string.Join("; ", result.Failures.Take(10).Select(f => f.Reason));
            var more = result.Failures.Count > 10 ? $" and {result.Failures.Count - 10} more" : "";
            var first = sources[result.Failures[0].Index].Name;
            if (request.FailOnBadImage)
                throw new AugBuildException(FeaturizationErrors.BadImage, $"{result.Failures.Count} image(s) could not be read: {list}{more}. Fix or remove them.", first);
            reporter.Warning(FeaturizationErrors.BadImage, $"Skipped {result.Failures.Count} image(s) that could not be read: {list}{more}.", first);
        }

        var rate = result.Elapsed.TotalSeconds > 0 ? result.Computed / result.Elapsed.TotalSeconds : 0;
        reporter.Info(
            $"featurize shard {shard} ({shard.Source}): {members.Count} of {dataset.Count} images, {result.Computed} computed, {result.Cached} cached, " +
            $"{result.Failures.Count} unreadable; {hashed.Count(h => h)} of {dataset.Count} files hashed for membership, the rest from the shards' hash index ({result.Elapsed.TotalSeconds:0.0} s, {rate:0.0} images/s, {FeaturizerSummary.Where(featurizer)}); cache {cache.Folder}");
        return new FeaturizeOutcome(shard, members.Count, dataset.Count, result.Computed, result.Cached, result.Failures.Count, result.Elapsed);
    }
}

public sealed record FeaturizeOutcome(ShardSpec Shard, int Members, int Total, int Computed, int Cached, int Unreadable, TimeSpan Elapsed);
