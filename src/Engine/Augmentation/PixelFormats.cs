using SkiaSharp;

namespace AugBuild.Engine.Augmentation;

/// <summary>
/// The 8-bit-per-channel formats the transforms work in. Gray8 and Alpha8 stay single-channel and
/// RGBA/BGRA stay four-channel; anything else (16-bit and float PNGs, RGB565, ...) is converted to
/// RGBA 8888 first, so 16-bit sources lose their low byte.
/// </summary>
public static class PixelFormats
{
    public static bool IsSupported(SKColorType type) => type is SKColorType.Gray8 or SKColorType.Alpha8
        or SKColorType.Rgba8888 or SKColorType.Bgra8888 or SKColorType.Rgb888x;

    public static int Channels(SKColorType type) => type switch
    {
        SKColorType.Gray8 or SKColorType.Alpha8 => 1,
        SKColorType.Rgba8888 or SKColorType.Bgra8888 or SKColorType.Rgb888x => 4,
        _ => throw new ArgumentException($"Pixel format {type} is not supported; call PixelFormats.Normalize first.", nameof(type)),
    };

    /// <summary>Returns the bitmap itself when its format is supported, else a new RGBA 8888 copy.</summary>
    public static SKBitmap Normalize(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (IsSupported(bitmap.ColorType)) return bitmap;
        var copy = bitmap.Copy(SKColorType.Rgba8888);
        if (copy is not null) return copy;
        var alpha = bitmap.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var converted = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, alpha));
        using var pixmap = bitmap.PeekPixels();
        if (pixmap is null || !pixmap.ReadPixels(converted.Info, converted.GetPixels(), converted.RowBytes))
        {
            converted.Dispose();
            throw new ArgumentException($"Cannot convert pixel format {bitmap.ColorType} to RGBA 8888.", nameof(bitmap));
        }

        converted.NotifyPixelsChanged();
        return converted;
    }
}
