using AugBuild.Engine.Diagnostics;
using SkiaSharp;

namespace AugBuild.Engine.Imaging;

/// <summary>
/// Decodes PNG, JPEG, BMP, GIF (first frame) and WebP into the engine's in-memory image type.
/// Output format: <see cref="SKColorType.Gray8"/> for single-channel sources (grayscale PNG/JPEG, 8 or 16 bit),
/// otherwise <see cref="SKColorType.Rgba8888"/> premultiplied (transparent pixels composite over black).
/// 16-bit sources are reduced to 8 bits; an EXIF orientation is applied. Every failure throws <see cref="AugBuildException"/> naming the file.
/// Memory is bounded by <see cref="MaxPixels"/>: the size is read from the header before any pixel buffer is
/// allocated, so a decompression bomb (a tiny file declaring huge dimensions) is refused or decoded downscaled.
/// </summary>
public static class ImageDecoder
{
    /// <summary>100 megapixels: 400 MB as RGBA, far above any training image, far below what exhausts a build machine.</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>The environment variable that overrides <see cref="DefaultMaxPixels"/> (a positive pixel count).</summary>
    public const string MaxPixelsVariable = "AUGBUILD_MAX_IMAGE_PIXELS";

    /// <summary>The largest image decoded at full size: <see cref="MaxPixelsVariable"/> when set to a positive count, else the default.</summary>
    public static long MaxPixels { get; } =
        long.TryParse(Environment.GetEnvironmentVariable(MaxPixelsVariable), System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : DefaultMaxPixels;

    /// <summary>
    /// Refuses a FIFO, socket or device before anything opens it: opening a FIFO blocks until a writer comes.
    /// Every reader of image files calls this first.
    /// </summary>
    public static void RequireRegularFile(string path)
    {
        if (Data.FileIdentity.Of(path).Kind == Data.FileKind.Other)
        {
            throw new AugBuildException(ImagingErrors.NotRegularFile,
                $"'{path}' is a FIFO, socket or device, not an image file; it is skipped. Remove it from the images.", path);
        }
    }

    public static SKBitmap DecodeFile(string path) => DecodeFile(path, resizeTo: null);

    /// <param name="resizeTo">
    /// The size the caller resizes the image to anyway (a featurizer's input, as the image is shown): a JPEG or WebP
    /// then decodes straight to a reduced size (<see cref="ReducedSize"/>). Null decodes at full size (materialize
    /// writes full-resolution pixels).
    /// </param>
    public static SKBitmap DecodeFile(string path, SKSizeI? resizeTo)
    {
        RequireRegularFile(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AugBuildException(ImagingErrors.Unreadable, $"Image '{path}' cannot be read: {e.Message}", path, e);
        }

        return Decode(bytes, path, MaxPixels, resizeTo);
    }

    /// <param name="name">The file name used in error messages.</param>
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded, string name) => Decode(encoded, name, MaxPixels);

    /// <summary>
    /// The size <see cref="DecodeFile"/> would return (EXIF orientation and the pixel limit applied), from the
    /// header alone: no pixel is decoded. Throws the same coded errors as decoding for a missing or non-image file.
    /// </summary>
    public static SKSizeI ReadSize(string path) => ReadSize(path, MaxPixels);

    public static SKSizeI ReadSize(string path, long maxPixels) => ReadPlan(path, maxPixels, resizeTo: null).Decoded;

    /// <summary>
    /// The image's full size and the size <see cref="DecodeFile(string, SKSizeI?)"/> decodes it at for
    /// <paramref name="resizeTo"/> (both as the image is shown, EXIF orientation applied), from the header alone.
    /// </summary>
    public static DecodePlan ReadPlan(string path, SKSizeI? resizeTo) => ReadPlan(path, MaxPixels, resizeTo);

    public static DecodePlan ReadPlan(string path, long maxPixels, SKSizeI? resizeTo)
    {
        RequireRegularFile(path);
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AugBuildException(ImagingErrors.Unreadable, $"Image '{path}' cannot be read: {e.Message}", path, e);
        }

        using (file)
        {
            if (file.Length == 0)
                throw Undecodable(path, "the file is empty");
            using var stream = new SKManagedStream(file);
            using var codec = SKCodec.Create(stream)
                ?? throw Undecodable(path, "not a PNG, JPEG, BMP, GIF or WebP image, or its header is corrupt");
            var size = DecodedSize(codec, path, maxPixels, resizeTo);
            var full = new SKSizeI(codec.Info.Width, codec.Info.Height);
            var gray = codec.Info.ColorType == SKColorType.Gray8;
            return Orientation.SwapsAxes(codec.EncodedOrigin)
                ? new DecodePlan(new SKSizeI(full.Height, full.Width), new SKSizeI(size.Height, size.Width), gray)
                : new DecodePlan(full, size, gray);
        }
    }

    /// <param name="maxPixels">Larger images are decoded downscaled where the codec can (JPEG, WebP), else refused.</param>
    /// <param name="resizeTo">See <see cref="DecodeFile(string, SKSizeI?)"/>.</param>
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded, string name, long maxPixels, SKSizeI? resizeTo = null)
    {
        if (encoded.IsEmpty)
            throw Undecodable(name, "the file is empty");

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw Undecodable(name, "not a PNG, JPEG, BMP, GIF or WebP image, or its header is corrupt");

        var info = codec.Info;
        var size = DecodedSize(codec, name, maxPixels, resizeTo);
        var gray = info.ColorType == SKColorType.Gray8;
        var target = new SKImageInfo(
            size.Width,
            size.Height,
            gray ? SKColorType.Gray8 : SKColorType.Rgba8888,
            gray ? SKAlphaType.Opaque : SKAlphaType.Premul);

        var bitmap = new SKBitmap(target);
        try
        {
            // Frame 0 for animated GIF/WebP: the default options decode the first frame.
            var result = codec.GetPixels(target, bitmap.GetPixels());
            if (result != SKCodecResult.Success)
                throw Undecodable(name, result == SKCodecResult.IncompleteInput ? "the file is truncated" : $"decoding failed ({result})");
            bitmap.NotifyPixelsChanged();
            return Orientation.Apply(bitmap, codec.EncodedOrigin);
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A reduced decode stays at least this many times the size the caller resizes to, on both axes, so the
    /// featurizer's antialiased resize still makes the last reduction and the codec's own downscaling (JPEG's k/8
    /// inverse DCT, libwebp's scaler) changes its input by less than the lossy compression did (docs/reliability.md:
    /// at 2x libwebp's scaler, which resamples the half-resolution chroma, moved colour edges by up to 11 levels of 255).
    /// </summary>
    public const int ReducedDecodeMargin = 3;

    /// <summary>
    /// The smallest size the codec decodes to directly that is at least <see cref="ReducedDecodeMargin"/> times
    /// <paramref name="resizeTo"/> (given as the image is shown) on both axes, in the codec's own orientation; null
    /// when it decodes at full size: PNG, BMP and GIF cannot decode downscaled (Skia reports scaled sizes for GIF but
    /// decodes the whole frame first), and a JPEG or WebP that is not large enough gains nothing.
    /// </summary>
    internal static SKSizeI? ReducedSize(SKCodec codec, SKSizeI resizeTo)
    {
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp) || resizeTo.Width < 1 || resizeTo.Height < 1)
            return null;
        var info = codec.Info;
        var target = Orientation.SwapsAxes(codec.EncodedOrigin) ? new SKSizeI(resizeTo.Height, resizeTo.Width) : resizeTo;
        long needW = (long)target.Width * ReducedDecodeMargin, needH = (long)target.Height * ReducedDecodeMargin;
        if (info.Width <= needW && info.Height <= needH)
            return null;

        // JPEG offers k/8 (k = 1..7); WebP any size, so the exact scale is tried too.
        var exact = (float)Math.Max((double)needW / info.Width, (double)needH / info.Height);
        SKSizeI? best = null;
        foreach (var scale in Enumerable.Range(1, 7).Select(k => k / 8f).Append(exact))
        {
            if (scale >= 1)
                continue;
            var size = codec.GetScaledDimensions(scale);
            if (size.Width >= needW && size.Height >= needH && size.Width < info.Width
                && (best is not { } b || (long)size.Width * size.Height < (long)b.Width * b.Height))
            {
                best = size;
            }
        }

        return best;
    }

    /// <summary>
    /// The reduced size for <paramref name="resizeTo"/> when there is one, else the full size when within the
    /// limit, else the largest size the codec decodes downscaled within it.
    /// </summary>
    private static SKSizeI DecodedSize(SKCodec codec, string name, long maxPixels, SKSizeI? resizeTo)
    {
        var size = DecodedSize(codec, name, maxPixels);
        return resizeTo is { } target && ReducedSize(codec, target) is { } reduced && (long)reduced.Width * reduced.Height < (long)size.Width * size.Height
            ? reduced
            : size;
    }

    /// <summary>The full size when within the limit, else the largest size the codec decodes downscaled within it.</summary>
    private static SKSizeI DecodedSize(SKCodec codec, string name, long maxPixels)
    {
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
            throw Undecodable(name, $"invalid size {info.Width}x{info.Height}");

        var pixels = (long)info.Width * info.Height;
        if (pixels <= maxPixels)
            return new SKSizeI(info.Width, info.Height);

        // Only JPEG (k/8 DCT scaling) and WebP decode downscaled; Skia reports scaled sizes for GIF too but then
        // decodes the whole frame at full size first (65,535^2 took a gigabyte), so every other format is refused.
        // JPEG rounds up, so shrink the request until the codec's answer fits.
        var scalable = codec.EncodedFormat is SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp;
        for (var scale = Math.Sqrt((double)maxPixels / pixels); scalable && scale > 1e-4; scale *= 0.8)
        {
            var scaled = codec.GetScaledDimensions((float)scale);
            if (scaled.Width > 0 && scaled.Height > 0 && (long)scaled.Width * scaled.Height <= maxPixels)
                return scaled;
            if (scaled.Width >= info.Width)
                break; // The codec does not scale (PNG, BMP, GIF).
        }

        throw new AugBuildException(ImagingErrors.ImageTooLarge,
            $"Image '{name}' declares {info.Width}x{info.Height} pixels, above the limit of {maxPixels} pixels, and its format cannot be decoded downscaled. " +
            $"Resize it, or raise the limit with the environment variable {MaxPixelsVariable} if the image is genuine and memory allows.",
            name);
    }

    private static AugBuildException Undecodable(string name, string reason) =>
        new(ImagingErrors.Undecodable,
            $"Image '{name}' cannot be decoded: {reason}. Replace or remove the file.",
            name);
}
