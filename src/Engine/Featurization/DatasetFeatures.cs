using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Features of a dataset's originals, with undecodable images dropped (a coded warning naming them) or fatal.
/// <see cref="Dataset"/> is the dataset without the dropped images, row-aligned with <see cref="Rows"/>.
/// </summary>
public sealed record DatasetFeatures(ImageDataset Dataset, IReadOnlyList<float[]> Rows, string FeaturizerIdentity, int Computed, int Cached, TimeSpan Elapsed)
{
    public static DatasetFeatures Compute(
        ImageDataset dataset,
        FeaturizationSettings settings,
        bool failOnBadImage,
        IReporter reporter,
        CancellationToken cancellationToken,
        IReadOnlyList<string?>? contentKeys = null)
    {
        var cache = OpenCache(settings.CacheDir, reporter);
        using var featurizer = FeaturizerFactory.Create(settings.Spec, settings.Options(cache), reporter);
        var result = FeatureExtractor.Run(FileImageSource.FromDataset(dataset, contentKeys), featurizer, cache, reporter, cancellationToken);
        reporter.Info(
            $"featurize {dataset.Count} images: {result.Computed} computed, {result.Cached} cached ({result.Elapsed.TotalSeconds:0.0} s, {featurizer.Name} on {featurizer.Provider})");

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
        var kept = result.Failures.Count == 0
            ? dataset
            : new ImageDataset(dataset.Root, dataset.ClassNames, keep.Select(i => dataset.Images[i]).ToList());
        var rows = keep.Select(i => result.Features[i]!).ToList();
        return new DatasetFeatures(kept, rows, featurizer.Identity, result.Computed, result.Cached, result.Elapsed);
    }

    public static FeatureCache OpenCache(string? cacheDir, IReporter reporter) =>
        new(Path.Combine(cacheDir ?? CacheLocation.Default(), "features"), reporter);
}
