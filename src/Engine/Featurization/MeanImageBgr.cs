using System.Buffers;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// ResNet18's input normalisation, reproducing ResNetPreprocess.onnx (Split the RGB planes, Concat them as B,G,R,
/// Sub a 3x224x224 mean image): pixels stay on the 0-255 scale, in BGR order, minus the per-pixel ImageNet mean.
/// </summary>
internal sealed class MeanImageBgr : IInputTransform
{
    private readonly float[] _meanImage;
    private readonly int _side;

    public MeanImageBgr(float[] meanImage, int side, string preprocessHash)
    {
        if (meanImage.Length != 3 * side * side)
            throw new ArgumentException("Mean image must be 3 x side x side.", nameof(meanImage));
        _meanImage = meanImage;
        _side = side;
        Length = meanImage.Length;
        Shape = [3, side, side];
        Description = $"layout=nchw;size={side}x{side};order=bgr;scale=0-255;minus-mean-image={preprocessHash};resize=triangle-bilinear;pixels=rgb-premul";
    }

    public int Length { get; }

    public long[] Shape { get; }

    public SKSizeI InputSize => new(_side, _side);

    public string Description { get; }

    public void Fill(SKBitmap image, Span<float> destination)
    {
        var plane = _side * _side;
        var rgb = ArrayPool<float>.Shared.Rent(Length);
        try
        {
            PixelExtractor.ToPlanar(image, 3, _side, _side, rgb);
            for (var c = 0; c < 3; c++)
            {
                // Output channel c (B, G, R) takes input plane 2 - c (R, G, B).
                var src = rgb.AsSpan((2 - c) * plane, plane);
                var mean = _meanImage.AsSpan(c * plane, plane);
                System.Numerics.Tensors.TensorPrimitives.Subtract(src, mean, destination.Slice(c * plane, plane));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rgb);
        }
    }
}
