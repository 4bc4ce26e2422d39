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
            for (var j = 0; j < missing.Count; j++)
            {
                sources.AddRange(SourcesOf(dataset.Images[missing[j]], probes[j].Key, probes[j].Size));
            }

            var progress = new StageRenamingReporter(_reporter, ProgressStage);
            var result = FeatureExtractor.Run(sources, _featurizer, _cache, progress, cancellationToken);
            _reporter.Info($"featurize {sources.Count} augmented copies: {result.Computed} computed, {result.Cached} cached ({result.Elapsed.TotalSeconds:0.0} s)");
            var k = _transforms.CopiesPerImage;
            for (var j = 0; j < missing.Count; j++)
            {
                var copies = new float[k][];
                for (var c = 0; c < k; c++)
                {
                    copies[c] = result.Features[j * k + c]
                        ?? throw new AugBuildException(FeaturizationErrors.BadImage, $"An augmented copy of '{dataset.Images[missing[j]].Path}' could not be featurized.", dataset.Images[missing[j]].FullPath);
                }

                _done[missing[j]] = copies;
            }
        }

        return indices.Select(i => _done[i]).ToList();
    }

    public void Dispose() => _featurizer.Dispose();

    private IEnumerable<IImageSource> SourcesOf(ImageEntry entry, string sourceKey, SKSizeI size)
    {
        foreach (var copy in _transforms.Expand(size.Width, size.Height))
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
