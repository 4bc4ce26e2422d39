using SkiaSharp;

namespace AugBuild.Engine.Imaging;

/// <summary>Applies an EXIF orientation (JPEG from cameras and phones) so pixels are as a viewer shows them.</summary>
internal static class Orientation
{
    /// <summary>Orientations 5 to 8 turn the image a quarter, so width and height trade places.</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>Returns <paramref name="source"/> itself for <see cref="SKEncodedOrigin.TopLeft"/>, else a new bitmap (the source is disposed).</summary>
    public static SKBitmap Apply(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft || (int)origin is < 1 or > 8)
            return source;

        int w = source.Width, h = source.Height;
        var swap = SwapsAxes(origin);
        var result = new SKBitmap(new SKImageInfo(swap ? h : w, swap ? w : h, source.ColorType, source.AlphaType));
        try
        {
            var bpp = source.BytesPerPixel;
            var src = source.GetPixelSpan();
            var dst = result.GetPixelSpan();
            int srcRow = source.RowBytes, dstRow = result.RowBytes;
            for (var y = 0; y < result.Height; y++)
            {
                for (var x = 0; x < result.Width; x++)
                {
                    var (sx, sy) = origin switch
                    {
                        SKEncodedOrigin.TopRight => (w - 1 - x, y),
                        SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                        SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                        SKEncodedOrigin.LeftTop => (y, x),
                        SKEncodedOrigin.RightTop => (y, h - 1 - x),
                        SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                        _ => (w - 1 - y, x), // LeftBottom: 90 degrees counter-clockwise
                    };
                    src.Slice(sy * srcRow + sx * bpp, bpp).CopyTo(dst.Slice(y * dstRow + x * bpp, bpp));
                }
            }

            result.NotifyPixelsChanged();
            source.Dispose();
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
