using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Features of a dataset's originals, with undecodable images dropped (a coded warning naming them) or fatal.
/// <see cref="Dataset"/> is the dataset without the dropped images, row-aligned with <see cref="Rows"/> and
/// <see cref="ContentKeys"/> (each image's content hash, the key of its cached features).
/// </summary>
public sealed record DatasetFeatures(ImageDataset Dataset, IReadOnlyList<float[]> Rows, string FeaturizerIdentity, int Computed, int Cached, TimeSpan Elapsed)
{
    public IReadOnlyList<string> ContentKeys { get; init; } = [];

    /// <param name="beforeFeaturizing">Called with the featurizer's dimension (0 when the images decide it) before any image is read: checks that must fail before the stage runs.</param>
    public static DatasetFeatures Compute(
        ImageDataset dataset,
        FeaturizationSettings settings,
        bool failOnBadImage,
        IReporter reporter,
        CancellationToken cancellationToken,
        IReadOnlyList<string?>? contentKeys = null,
        Action<int>? beforeFeaturizing = null)
    {
        var verifyCache = settings.VerifyCache;
        var cache = OpenCache(settings.CacheDir, reporter, verifyCache);
        using var featurizer = FeaturizerFactory.Create(settings.Spec, settings.Options(cache) with { OpenSessionOnFirstBatch = true }, reporter);
        beforeFeaturizing?.Invoke(featurizer.Dimension);
        // Decoded for the featurizer's input size: a large JPEG or WebP decodes downscaled (materialize decodes at full size).
        var sources = FileImageSource.FromDataset(dataset, contentKeys, featurizer.InputSize);
        var result = FeatureExtractor.Run(sources, featurizer, cache, reporter, cancellationToken);
        var verified = verifyCache is null ? "" : $", {result.Verified} cached entries recomputed and verified";
        reporter.Info(
            $"featurize {dataset.Count} images: {result.Computed} computed, {result.Cached} cached{verified} ({result.Elapsed.TotalSeconds:0.0} s, {FeaturizerSummary.Where(featurizer)})");

        if (result.Failures.Count > 0)
        {
            var list = string.Join("; ", result.Failures.Take(10).Select(f => f.Reason));
            var more = result.Failures.Count > 10 ? $" and {result.Failures.Count - 10} more" : "";
            var first = dataset.Images[result.Failures[0].Index].FullPath;
            if (failOnBadImage)
            {
                throw new AugBuildException(FeaturizationErrors.BadImage, $"{result.Failures.Count} image(s) could not be read: {list}{more}. Fix or remove them.", first);
            }

            reporter.Warning(FeaturizationErrors.BadImage, $"Skipped {result.Failures.Count} image(s) that could not be read: {list}{more}.", first);
        }

        var keep = Enumerable.Range(0, dataset.Count).Where(i => result.Features[i] is not null).ToList();
        if (keep.Count == 0)
        {
            throw new AugBuildException(FeaturizationErrors.NoReadableImages,
                $"None of the {dataset.Count} image(s) could be read (see the warning above); nothing can be scored. Check that the files are PNG, JPEG, BMP, GIF or WebP images.",
                dataset.Root);
        }

        var kept = result.Failures.Count == 0 ? dataset : WithoutUnreadable(dataset, keep, reporter);
        var rows = keep.Select(i => result.Features[i]!).ToList();
        // Every kept image was hashed before it was read, so its key is known here.
        return new DatasetFeatures(kept, rows, featurizer.Identity, result.Computed, result.Cached, result.Elapsed)
        {
            ContentKeys = [.. keep.Select(i => sources[i].ContentKey)],
        };
    }

    /// <summary>
    /// The dataset without its unreadable images; a class left with none is dropped like an empty class folder
    /// (AUG1006, named) and the others keep their order with labels renumbered.
    /// </summary>
    private static ImageDataset WithoutUnreadable(ImageDataset dataset, List<int> keep, IReporter reporter)
    {
        var images = keep.Select(i => dataset.Images[i]).ToList();
        var present = images.Select(e => e.Label).ToHashSet();
        var classes = dataset.ClassNames.Where((_, label) => present.Contains(label)).ToList();
        foreach (var (name, label) in dataset.ClassNames.Select((n, l) => (n, l)).Where(t => !present.Contains(t.l)))
        {
            reporter.Warning(DatasetErrors.EmptyClassFolder,
                $"Class '{name}' has no readable image (all {dataset.Images.Count(e => e.Label == label)} were skipped); it is ignored, like an empty class folder.",
                Path.Combine(dataset.Root, name));
        }

        if (classes.Count == dataset.ClassCount)
            return new ImageDataset(dataset.Root, dataset.ClassNames, images);
        var newLabel = classes.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);
        return new ImageDataset(dataset.Root, classes, [.. images.Select(e => e with { Label = newLabel[e.ClassName] })]);
    }

    /// <summary>The cache of a --cache setting: a folder (default: <see cref="CacheLocation.Default"/>) or s3://bucket/prefix, checked before use (AUG2610-AUG2614).</summary>
    public static FeatureCache OpenCache(string? cacheDir, IReporter reporter, CacheVerification? verifyCache = null)
    {
        if (!Storage.StorageLocation.IsS3Text(cacheDir))
            return new(Path.Combine(cacheDir ?? CacheLocation.Default(), "features"), reporter) { Verification = verifyCache };
        var store = CacheStore(cacheDir);
        store.CheckAccessAsync(CacheSetting).GetAwaiter().GetResult();
        return new FeatureCache(store, reporter) { Verification = verifyCache };
    }

    /// <summary>The objects below a <c>--cache</c> location: its folder (the default one when null) or its s3:// prefix.</summary>
    public static Storage.IObjectStore CacheStore(string? cacheDir) => Storage.StorageLocation.IsS3Text(cacheDir)
        ? Storage.ObjectStores.Open(Storage.StorageLocation.Parse(cacheDir!, CacheSetting), CacheSetting)
        : new Storage.FolderStore(Storage.StorageLocation.OfFolder(cacheDir ?? CacheLocation.Default()));

    private const string CacheSetting = "--cache";
}
