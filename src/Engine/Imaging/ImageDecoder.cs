using AugBuild.Engine.Diagnostics;
using SkiaSharp;

namespace AugBuild.Engine.Imaging;

/// <summary>
/// Decodes PNG, JPEG, BMP, GIF (first frame) and WebP into the engine's in-memory image type.
/// Output format: <see cref="SKColorType.Gray8"/> for single-channel sources (grayscale PNG/JPEG, 8 or 16 bit),
/// otherwise <see cref="SKColorType.Rgba8888"/> premultiplied (transparent pixels composite over black).
/// 16-bit sources are reduced to 8 bits; an EXIF orientation is applied. Every failure throws <see cref="AugBuildException"/> naming the file.
/// </summary>
public static class ImageDecoder
{
    public static SKBitmap DecodeFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AugBuildException(ImagingErrors.Unreadable, $"Image '{path}' cannot be read: {e.Message}", path, e);
        }

        return Decode(bytes, path);
    }

    /// <param name="name">The file name used in error messages.</param>
    public static SKBitmap Decode(ReadOnlySpan<byte> encoded, string name)
    {
        if (encoded.IsEmpty)
            throw Undecodable(name, "the file is empty");

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw Undecodable(name, "not a PNG, JPEG, BMP, GIF or WebP image, or its header is corrupt");

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
            throw Undecodable(name, $"invalid size {info.Width}x{info.Height}");

        var gray = info.ColorType == SKColorType.Gray8;
        var target = new SKImageInfo(
            info.Width,
            info.Height,
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

    private static AugBuildException Undecodable(string name, string reason) =>
        new(ImagingErrors.Undecodable,
            $"Image '{name}' cannot be decoded: {reason}. Replace or remove the file.",
            name);
}
