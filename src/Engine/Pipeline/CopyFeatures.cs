using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Imaging;

namespace AugBuild.Engine.Pipeline;

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

    public CopyFeatures(string featurizerSpec, string device, string? cacheDir, int batchSize, TransformSet transforms, IReporter reporter)
    {
        _cache = DatasetFeatures.OpenCache(cacheDir, reporter);
        _featurizer = FeaturizerFactory.Create(featurizerSpec, DatasetFeatures.Options(device, batchSize, _cache), reporter);
        _transforms = transforms;
        _reporter = reporter;
    }

    /// <summary>Copies per original.</summary>
    public int CopiesPerImage => _transforms.CopiesPerImage;

    /// <summary>Features of every copy of each entry (k per entry, in transform order); computed once per entry.</summary>
    public IReadOnlyList<float[][]> For(IReadOnlyList<int> indices, ImageDataset dataset, CancellationToken cancellationToken)
    {
        var missing = indices.Where(i => !_done.ContainsKey(i)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var sources = new List<IImageSource>();
            foreach (var i in missing)
            {
                sources.AddRange(SourcesOf(dataset.Images[i]));
            }

            var result = FeatureExtractor.Run(sources, _featurizer, _cache, NullReporter.Instance, cancellationToken);
            _reporter.Info($"featurize {sources.Count} augmented copies: {result.Computed} computed, {result.Cached} cached ({result.Elapsed.TotalSeconds:0.0} s)");
            var k = _transforms.CopiesPerImage;
            for (var j = 0; j < missing.Count; j++)
            {
                var copies = new float[k][];
                for (var c = 0; c < k; c++)
                {
                    copies[c] = result.Features[j * k + c]
                        ?? throw new AugBuildException(PipelineErrors.BadImage, $"An augmented copy of '{dataset.Images[missing[j]].Path}' could not be featurized.", dataset.Images[missing[j]].FullPath);
                }

                _done[missing[j]] = copies;
            }
        }

        return indices.Select(i => _done[i]).ToList();
    }

    public void Dispose() => _featurizer.Dispose();

    private IEnumerable<IImageSource> SourcesOf(ImageEntry entry)
    {
        var sourceKey = new FileImageSource(entry.FullPath).ContentKey;
        using var probe = ImageDecoder.DecodeFile(entry.FullPath);
        foreach (var copy in _transforms.Expand(probe.Width, probe.Height))
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
