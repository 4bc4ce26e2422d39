using System.Runtime.ExceptionServices;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;
using AugBuild.Engine.Settings;
using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Featurizes the augmented copies of chosen originals without writing them anywhere: each copy is rendered on a
/// pipeline worker only on a cache miss, and cached under source hash + transform + parameters.
/// </summary>
public sealed class CopyFeatures : IDisposable
{
    private readonly IFeaturizer _featurizer;
    private readonly FeatureCache _cache;
    private readonly TransformSet _transforms;
    private readonly IReporter _reporter;
    private readonly Dictionary<int, float[][]> _done = [];

    public CopyFeatures(FeaturizationSettings settings, TransformSet transforms, IReporter reporter)
    {
        _cache = DatasetFeatures.OpenCache(settings.CacheDir, reporter);
        _featurizer = FeaturizerFactory.Create(settings.Spec, settings.Options(_cache), reporter);
        _transforms = transforms;
        _reporter = reporter;
    }

    /// <summary>The progress line's stage, distinct from the originals' featurize stage.</summary>
    public const string ProgressStage = "featurize copies";

    /// <summary>Copies per original.</summary>
    public int CopiesPerImage => _transforms.CopiesPerImage;

    /// <summary>Features of every copy of each entry (k per entry, in transform order); computed once per entry.</summary>
    public IReadOnlyList<float[][]> For(IReadOnlyList<int> indices, ImageDataset dataset, CancellationToken cancellationToken)
    {
        var missing = indices.Where(i => !_done.ContainsKey(i)).Distinct().ToList();
        if (missing.Count > 0)
        {
            // Each original's hash and size (from its header) decide its copies' cache keys and transform parameters.
            var probes = new (string Key, SKSizeI Size)[missing.Count];
            var parallel = new ParallelOptions { CancellationToken = cancellationToken };
            try
            {
                Parallel.For(0, missing.Count, parallel, j =>
                {
                    var entry = dataset.Images[missing[j]];
                    probes[j] = (new FileImageSource(entry.FullPath).ContentKey, ImageDecoder.ReadSize(entry.FullPath));
                });
            }
            catch (AggregateException e) when (e.InnerExceptions[0] is AugBuildException)
            {
                ExceptionDispatchInfo.Throw(e.InnerExceptions[0]); // the coded error naming the file, not a wrapper
            }

            var sources = new List<IImageSource>();
            var first = new int[missing.Count + 1];
            var tooSmall = new List<string>();
            for (var j = 0; j < missing.Count; j++)
            {
                first[j] = sources.Count;
                sources.AddRange(SourcesOf(dataset.Images[missing[j]], probes[j].Key, probes[j].Size, tooSmall));
            }

            first[missing.Count] = sources.Count;
            if (tooSmall.Count > 0)
            {
                _reporter.Warning(Materialization.MaterializeErrors.CopiesSkipped,
                    $"{tooSmall.Count} selected image(s) are too small for the transforms and get no copies in the refit: {string.Join("; ", tooSmall.Take(10))}{(tooSmall.Count > 10 ? $" and {tooSmall.Count - 10} more" : "")}.",
                    dataset.Images[missing[0]].FullPath);
            }

            var progress = new StageRenamingReporter(_reporter, ProgressStage);
            var result = FeatureExtractor.Run(sources, _featurizer, _cache, progress, cancellationToken);
            _reporter.Info($"featurize {sources.Count} augmented copies: {result.Computed} computed, {result.Cached} cached ({result.Elapsed.TotalSeconds:0.0} s)");
            for (var j = 0; j < missing.Count; j++)
            {
                var copies = new float[first[j + 1] - first[j]][];
                for (var c = 0; c < copies.Length; c++)
                {
                    copies[c] = result.Features[first[j] + c]
                        ?? throw new AugBuildException(FeaturizationErrors.BadImage, $"An augmented copy of '{dataset.Images[missing[j]].Path}' could not be featurized.", dataset.Images[missing[j]].FullPath);
                }

                _done[missing[j]] = copies;
            }
        }

        return indices.Select(i => _done[i]).ToList();
    }

    public void Dispose() => _featurizer.Dispose();

    /// <summary>The copies of one original; none (and the image noted) when it is too small for the transform set, as materialize does.</summary>
    private IEnumerable<IImageSource> SourcesOf(ImageEntry entry, string sourceKey, SKSizeI size, List<string> tooSmall)
    {
        IReadOnlyList<TransformCopy> expanded;
        try
        {
            expanded = _transforms.Expand(size.Width, size.Height);
        }
        catch (AugBuildException e) when (e.Code == AugmentationErrors.TooLargeForImage)
        {
            tooSmall.Add($"'{entry.Path}' ({size.Width}x{size.Height})");
            return [];
        }

        return Sources(entry, sourceKey, expanded);
    }

    private static IEnumerable<IImageSource> Sources(ImageEntry entry, string sourceKey, IReadOnlyList<TransformCopy> expanded)
    {
        foreach (var copy in expanded)
        {
            var captured = copy;
            yield return new BitmapImageSource(
                $"{entry.Path} [{copy}]",
                ContentHash.OfText($"{sourceKey}|{copy.Name}|{copy.ParamsJson}"),
                () =>
                {
                    using var original = ImageDecoder.DecodeFile(entry.FullPath);
                    return captured.Apply(original);
                });
        }
    }
}
