using System.Numerics.Tensors;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>How many channels the pixels featurizer keeps.</summary>
public enum PixelChannels
{
    /// <summary>1 for grayscale images (Gray8), 3 for colour ones.</summary>
    Auto,
    Gray,
    Rgb,
}

/// <summary>
/// Raw pixels as features: the image resized to side x side (antialiased bilinear; unchanged when no side),
/// scaled to [0, 1], flattened channel-major (CHW: all R, then all G, then all B). Colour is premultiplied RGB;
/// <see cref="PixelChannels.Gray"/> takes the luma of colour images, <see cref="PixelChannels.Rgb"/> replicates gray.
/// </summary>
public sealed class PixelsFeaturizer : IFeaturizer
{
    /// <summary>
    /// The most feature values one image may give without a side (16.8 million: 64 MB of floats, a 4096 x 4096 gray
    /// image). A 9,950 x 9,950 colour image would give 297 million (1.2 GB per image, before the probe).
    /// </summary>
    public const long MaxNativeValues = 1L << 24;

    private readonly int? _side;
    private readonly PixelChannels _channels;

    public PixelsFeaturizer(int? side = null, PixelChannels channels = PixelChannels.Auto, int batchSize = 64)
    {
        if (side is < 1)
            throw new ArgumentOutOfRangeException(nameof(side));
        _side = side;
        _channels = channels;
        BatchSize = Math.Max(1, batchSize);
        Identity = $"pixels/v1;side={(side?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "native")};channels={channels.ToString().ToLowerInvariant()};resize=triangle-bilinear;scale=1/255;layout=chw";
    }

    public string Name => "pixels";

    public string Identity { get; }

    public int Dimension => _side is { } s && _channels != PixelChannels.Auto ? s * s * (_channels == PixelChannels.Gray ? 1 : 3) : 0;

    public int BatchSize { get; }

    public string Provider => "none";

    public SKSizeI? InputSize => _side is { } s ? new SKSizeI(s, s) : null;

    /// <summary>A 9,950 x 9,950 PNG is refused from its header, not after a 2 GB decode.</summary>
    public void CheckSize(SKSizeI decoded, bool gray) => Require(decoded.Width, decoded.Height, gray ? 1 : 3);

    public PreparedImage Prepare(SKBitmap image)
    {
        var (channels, width, height) = Require(image.Width, image.Height, PixelExtractor.NativeChannels(image));
        var length = channels * width * height;
        return PreparedImage.Create(length, $"{channels}x{height}x{width}", (span, _) =>
        {
            PixelExtractor.ToPlanar(image, channels, width, height, span);
            TensorPrimitives.Divide(span, 255f, span);
        });
    }

    /// <summary>The output's channels and size for an image of this size; AUG2004 when it would give too many values.</summary>
    private (int Channels, int Width, int Height) Require(int imageWidth, int imageHeight, int nativeChannels)
    {
        var channels = _channels switch
        {
            PixelChannels.Gray => 1,
            PixelChannels.Rgb => 3,
            _ => nativeChannels,
        };
        int width = _side ?? imageWidth, height = _side ?? imageHeight;
        if ((long)channels * width * height > MaxNativeValues)
        {
            throw new Diagnostics.AugBuildException(ImagingErrors.ImageTooLarge,
                $"A {imageWidth}x{imageHeight} image gives {(long)channels * width * height} pixel features without a side, above {MaxNativeValues}. " +
                "Pass a side so every image is resized, e.g. --featurizer pixels:64.",
                "--featurizer");
        }

        return (channels, width, height);
    }

    public float[][] Infer(IReadOnlyList<PreparedImage> batch) => [.. batch.Select(p => p.Values.ToArray())];

    public void Dispose()
    {
    }
}
