using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// One image to featurize: a stable content key (the feature cache's key) and a way to decode it.
/// The pipeline reads <see cref="ContentKey"/> first and calls <see cref="Load"/> only on a cache miss.
/// Implementations must tolerate being used from one worker thread at a time.
/// </summary>
public interface IImageSource
{
    /// <summary>What failures and warnings name: the file path, or a caller label such as "a.png#rotate(15)".</summary>
    string Name { get; }

    /// <summary>Identifies the pixels: equal keys mean equal images. May read the file (and throw if it cannot).</summary>
    string ContentKey { get; }

    /// <summary>
    /// The feature cache's key: <see cref="ContentKey"/>, plus how the image is decoded when that changes its pixels
    /// (a downscaled decode), so features from different pixels never share an entry.
    /// </summary>
    string CacheKey => ContentKey;

    /// <summary>Decodes the image; the caller owns and disposes the result. Throws on an undecodable image.</summary>
    SKBitmap Load();

    /// <summary>The memory decoding will take (see <see cref="Imaging.DecodeBudget"/>); 0 when unknown or small.</summary>
    long DecodeBytes => 0;

    /// <summary>The size it will decode at, from the header; null when unknown (then only decoding tells).</summary>
    Imaging.DecodePlan? Plan => null;
}
