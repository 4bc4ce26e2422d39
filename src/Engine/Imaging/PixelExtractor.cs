using System.Buffers;
using System.Numerics.Tensors;
using SkiaSharp;

namespace AugBuild.Engine.Imaging;

/// <summary>
/// Turns an <see cref="SKBitmap"/> into a planar (CHW) float tensor with values in [0, 255], resized with
/// <see cref="ResampleKernel"/> (antialiased bilinear). Colour is RGB, premultiplied (transparency composites
/// over black). Asking 3 channels of a grayscale image replicates it; asking 1 channel of a colour image gives
/// its ITU-R 601 luma (0.299 R + 0.587 G + 0.114 B). Thread-safe; allocates only temporary pooled buffers.
/// </summary>
public static class PixelExtractor
{
    /// <summary>1 for grayscale bitmaps (Gray8, Alpha8), 3 for colour.</summary>
    public static int NativeChannels(SKBitmap bitmap) =>
        bitmap.ColorType is SKColorType.Gray8 or SKColorType.Alpha8 ? 1 : 3;

    /// <summary>Writes channels x height x width floats in [0, 255] into <paramref name="destination"/>.</summary>
    public static void ToPlanar(SKBitmap bitmap, int channels, int width, int height, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 3);
        ArgumentOutOfRangeException.ThrowIfEqual(channels, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (destination.Length < channels * width * height)
            throw new ArgumentException("Destination is shorter than channels * width * height.", nameof(destination));
        if (bitmap.Width <= 0 || bitmap.Height <= 0 || bitmap.GetPixels() == IntPtr.Zero)
            throw new ArgumentException("The bitmap has no pixels.", nameof(bitmap));

        SKBitmap? converted = null;
        try
        {
            var source = bitmap;
            if (!IsDirectlyReadable(bitmap.ColorType))
            {
                converted = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
                if (!bitmap.CopyTo(converted, SKColorType.Rgba8888))
                    throw new ArgumentException($"Bitmap colour type {bitmap.ColorType} cannot be converted to RGBA.", nameof(bitmap));
                source = converted;
            }

            var srcChannels = NativeChannels(source);
            var planeSize = width * height;
            var buffer = ArrayPool<float>.Shared.Rent(srcChannels * planeSize);
            try
            {
                var resized = buffer.AsSpan(0, srcChannels * planeSize);
                ResizeToPlanar(source, srcChannels, width, height, resized);
                MapChannels(resized, srcChannels, destination[..(channels * planeSize)], channels, planeSize);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
        finally
        {
            converted?.Dispose();
        }
    }

    private static bool IsDirectlyReadable(SKColorType type) =>
        type is SKColorType.Gray8 or SKColorType.Alpha8 or SKColorType.Rgba8888 or SKColorType.Bgra8888;

    private static void MapChannels(ReadOnlySpan<float> src, int srcChannels, Span<float> dst, int channels, int plane)
    {
        if (srcChannels == channels)
        {
            src.CopyTo(dst);
        }
        else if (srcChannels == 1)
        {
            for (var c = 0; c < channels; c++)
                src[..plane].CopyTo(dst.Slice(c * plane, plane));
        }
        else
        {
            var r = src[..plane];
            var g = src.Slice(plane, plane);
            var b = src.Slice(2 * plane, plane);
            for (var i = 0; i < plane; i++)
                dst[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        }
    }

    /// <summary>Horizontal pass reads the bytes into [C, srcH, width]; the vertical pass writes [C, height, width].</summary>
    private static void ResizeToPlanar(SKBitmap source, int srcChannels, int width, int height, Span<float> dst)
    {
        int srcW = source.Width, srcH = source.Height;
        var pixels = source.GetPixelSpan();
        var rowBytes = source.RowBytes;
        var bpp = source.BytesPerPixel;
        var (ri, gi, bi) = source.ColorType == SKColorType.Bgra8888 ? (2, 1, 0) : (0, 1, 2);
        var unpremul = source.AlphaType == SKAlphaType.Unpremul && bpp == 4;

        var kx = srcW == width ? null : ResampleKernel.Create(srcW, width);
        var ky = srcH == height ? null : ResampleKernel.Create(srcH, height);

        var tempLength = srcChannels * srcH * width;
        var temp = ArrayPool<float>.Shared.Rent(tempLength);
        try
        {
            var rowValues = ArrayPool<float>.Shared.Rent(srcW);
            try
            {
                for (var c = 0; c < srcChannels; c++)
                {
                    var offset = srcChannels == 1 ? 0 : c switch { 0 => ri, 1 => gi, _ => bi };
                    for (var y = 0; y < srcH; y++)
                    {
                        var row = pixels.Slice(y * rowBytes, srcW * bpp);
                        var values = rowValues.AsSpan(0, srcW);
                        for (var x = 0; x < srcW; x++)
                        {
                            float v = row[x * bpp + offset];
                            if (unpremul)
                                v = v * row[x * bpp + 3] / 255f;
                            values[x] = v;
                        }

                        var outRow = temp.AsSpan((c * srcH + y) * width, width);
                        if (kx is null)
                            values.CopyTo(outRow);
                        else
                            Apply(kx, values, outRow);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rowValues);
            }

            for (var c = 0; c < srcChannels; c++)
            {
                var plane = temp.AsSpan(c * srcH * width, srcH * width);
                var outPlane = dst.Slice(c * height * width, height * width);
                if (ky is null)
                {
                    plane.CopyTo(outPlane);
                    continue;
                }

                for (var y = 0; y < height; y++)
                {
                    var outRow = outPlane.Slice(y * width, width);
                    outRow.Clear();
                    var start = ky.Start[y];
                    for (var k = 0; k < ky.Count[y]; k++)
                    {
                        var w = ky.Weights[y * ky.Taps + k];
                        TensorPrimitives.MultiplyAdd(plane.Slice((start + k) * width, width), w, outRow, outRow);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(temp);
        }
    }

    private static void Apply(ResampleKernel k, ReadOnlySpan<float> input, Span<float> output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            var start = k.Start[i];
            var weights = k.Weights.AsSpan(i * k.Taps, k.Count[i]);
            float sum = 0;
            for (var t = 0; t < weights.Length; t++)
                sum += weights[t] * input[start + t];
            output[i] = sum;
        }
    }
}
