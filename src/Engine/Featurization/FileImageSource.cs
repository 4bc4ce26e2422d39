using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// An image file; its content key is the XxHash128 of its bytes, so renaming or touching it keeps its features.
/// With <c>resizeTo</c> (the featurizer's input size) a large JPEG or WebP is decoded downscaled
/// (<see cref="ImageDecoder.ReducedSize"/>); its pixels then differ slightly from a full decode's, so its
/// <see cref="CacheKey"/> names the decoded size and never matches features computed from a full decode.
/// </summary>
/// <param name="contentKey">The file's <see cref="ContentHash.OfFile"/> when the caller has already read it, else null.</param>
public sealed class FileImageSource(string path, string? contentKey = null, SKSizeI? resizeTo = null) : IImageSource
{
    private string? _key = contentKey;
    private DecodePlan? _plan;

    public string Name { get; } = path;

    public string ContentKey => _key ??= HashFile();

    /// <summary>The content key, plus <c>;decoded=WxH</c> when the image is decoded downscaled for the featurizer.</summary>
    public string CacheKey => Plan is { Reduced: true } plan ? $"{ContentKey};decoded={plan.Decoded.Width}x{plan.Decoded.Height}" : ContentKey;

    /// <summary>Reads the file again (from the OS cache): holding its bytes between the two calls would hold every image of a run.</summary>
    public SKBitmap Load() => ImageDecoder.DecodeFile(Name, resizeTo);

    /// <summary>From the header alone (the pixel limit and a reduced decode applied); 0 when it cannot be read, so the decode fails fast.</summary>
    public long DecodeBytes => Plan is { } plan ? DecodeBudget.BytesFor(plan) : 0;

    /// <summary>The header, read once: null when it cannot be read (the decode then reports why).</summary>
    public DecodePlan? Plan
    {
        get
        {
            if (_plan is null)
            {
                try
                {
                    _plan = ImageDecoder.ReadPlan(Name, resizeTo);
                }
                catch (AugBuildException)
                {
                    return null;
                }
            }

            return _plan;
        }
    }

    /// <param name="contentKeys">Content hashes already computed, row-aligned with the dataset (null entries are hashed here).</param>
    /// <param name="resizeTo">The featurizer's input size (<see cref="IFeaturizer.InputSize"/>), for downscaled decoding.</param>
    public static IReadOnlyList<IImageSource> FromDataset(ImageDataset dataset, IReadOnlyList<string?>? contentKeys = null, SKSizeI? resizeTo = null) =>
        [.. dataset.Images.Select((image, i) => (IImageSource)new FileImageSource(image.FullPath, contentKeys?[i], resizeTo))];

    private string HashFile()
    {
        try
        {
            return ContentHash.OfFile(Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AugBuildException(ImagingErrors.Unreadable, $"Image '{Name}' cannot be read: {e.Message}", Name, e);
        }
    }
}
