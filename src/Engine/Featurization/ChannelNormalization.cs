using System.Buffers;
using System.Globalization;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Generic model input: RGB (or luma for 1 channel) resized to height x width, then (p / 255 - mean[c]) / std[c],
/// laid out NCHW or NHWC.
/// </summary>
internal sealed class ChannelNormalization : IInputTransform
{
    private readonly int _channels;
    private readonly int _height;
    private readonly int _width;
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly bool _channelsLast;

    public ChannelNormalization(int channels, int height, int width, float[] mean, float[] std, bool channelsLast)
    {
        _channels = channels;
        _height = height;
        _width = width;
        _mean = mean;
        _std = std;
        _channelsLast = channelsLast;
        Length = channels * height * width;
        Shape = channelsLast ? [height, width, channels] : [channels, height, width];
        var inv = CultureInfo.InvariantCulture;
        Description = $"layout={(channelsLast ? "nhwc" : "nchw")};channels={channels};size={height}x{width};" +
            $"mean={string.Join(',', mean.Select(m => m.ToString("R", inv)))};std={string.Join(',', std.Select(s => s.ToString("R", inv)))};" +
            "resize=triangle-bilinear;pixels=rgb-premul/255";
    }

    public int Length { get; }

    public long[] Shape { get; }

    public SKSizeI InputSize => new(_width, _height);

    public string Description { get; }

    public void Fill(SKBitmap image, Span<float> destination)
    {
        var plane = _height * _width;
        var planar = _channelsLast ? ArrayPool<float>.Shared.Rent(Length) : null;
        try
        {
            var target = planar is null ? destination[..Length] : planar.AsSpan(0, Length);
            PixelExtractor.ToPlanar(image, _channels, _width, _height, target);
            for (var c = 0; c < _channels; c++)
            {
                float scale = 1f / (255f * _std[c]), offset = _mean[c] / _std[c];
                var p = target.Slice(c * plane, plane);
                for (var i = 0; i < p.Length; i++)
                    p[i] = p[i] * scale - offset;
            }

            if (planar is not null)
            {
                for (var i = 0; i < plane; i++)
                {
                    for (var c = 0; c < _channels; c++)
                        destination[i * _channels + c] = planar[c * plane + i];
                }
            }
        }
        finally
        {
            if (planar is not null)
                ArrayPool<float>.Shared.Return(planar);
        }
    }
}
