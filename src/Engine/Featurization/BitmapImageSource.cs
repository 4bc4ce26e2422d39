using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// An in-memory image (an augmented copy) with a caller-given key, e.g. source hash + transform + parameters.
/// The factory runs on a pipeline worker only on a cache miss, so copies need not all be materialised up front.
/// </summary>
public sealed class BitmapImageSource(string name, string contentKey, Func<SKBitmap> load) : IImageSource
{
    public string Name { get; } = name;

    public string ContentKey { get; } = contentKey;

    public SKBitmap Load() => load();

    /// <summary>A source over a bitmap the caller keeps owning; the pipeline decodes from a copy.</summary>
    public static BitmapImageSource FromBitmap(string name, string contentKey, SKBitmap bitmap) =>
        new(name, contentKey, () => bitmap.Copy() ?? throw new InvalidOperationException($"Cannot copy bitmap '{name}'."));
}
