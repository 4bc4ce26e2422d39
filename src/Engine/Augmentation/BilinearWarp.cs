using SkiaSharp;

namespace AugBuild.Engine.Augmentation;

/// <summary>
/// Resamples a bitmap through an <see cref="AffineMap"/> with bilinear interpolation and edge-replicated
/// borders, on the raw pixel buffer so the result is exact and the same on every machine (double arithmetic,
/// no fused multiply-add, round half away from zero). Interpolates each byte channel independently in the
/// bitmap's own format; premultiplied alpha stays premultiplied, which is the correct space to blend in.
/// </summary>
public static class BilinearWarp
{
    /// <param name="window">
    /// The source pixels that may be sampled (default: all). Positions are clamped into it, so its edge
    /// pixels are replicated: a crop window makes crop-then-resize exact, without bleeding in cut pixels.
    /// </param>
    public static SKBitmap Apply(SKBitmap source, AffineMap map, int width, int height, SKRectI? window = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var win = window ?? new SKRectI(0, 0, source.Width, source.Height);
        if (win.Left < 0 || win.Top < 0 || win.Right > source.Width || win.Bottom > source.Height || win.Width <= 0 || win.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(window), "The window must be a non-empty part of the source.");
        int channels = PixelFormats.Channels(source.ColorType);
        var info = new SKImageInfo(width, height, source.ColorType, source.AlphaType, source.ColorSpace);
        var result = new SKBitmap(info);
        unsafe
        {
            Run((byte*)source.GetPixels(), source.RowBytes, win,
                (byte*)result.GetPixels(), result.RowBytes, width, height, channels, map);
        }

        result.NotifyPixelsChanged();
        return result;
    }

    private static unsafe void Run(byte* src, int srcStride, SKRectI win,
        byte* dst, int dstStride, int dstW, int dstH, int channels, AffineMap m)
    {
        double minU = win.Left, minV = win.Top, maxU = win.Right - 1, maxV = win.Bottom - 1;
        int lastX = win.Right - 1, lastY = win.Bottom - 1;
        for (int y = 0; y < dstH; y++)
        {
            byte* row = dst + (long)y * dstStride;
            double rowU = m.B * y + m.C, rowV = m.E * y + m.F;
            for (int x = 0; x < dstW; x++)
            {
                // Clamping the position equals replicating the edge pixels for a 2x2 bilinear kernel.
                double u = Math.Clamp(m.A * x + rowU, minU, maxU);
                double v = Math.Clamp(m.D * x + rowV, minV, maxV);
                int x0 = (int)u, y0 = (int)v;
                double fx = u - x0, fy = v - y0;
                int x1 = Math.Min(x0 + 1, lastX), y1 = Math.Min(y0 + 1, lastY);
                byte* r0 = src + (long)y0 * srcStride;
                byte* r1 = src + (long)y1 * srcStride;
                int o00 = x0 * channels, o10 = x1 * channels;
                byte* outPixel = row + x * channels;
                for (int c = 0; c < channels; c++)
                {
                    double top = r0[o00 + c] + fx * (r0[o10 + c] - r0[o00 + c]);
                    double bottom = r1[o00 + c] + fx * (r1[o10 + c] - r1[o00 + c]);
                    double value = top + fy * (bottom - top);
                    outPixel[c] = (byte)Math.Round(value, MidpointRounding.AwayFromZero);
                }
            }
        }
    }
}
