using SkiaSharp;

namespace AugBuild.Engine.Imaging;

/// <summary>
/// An image's size and the size it is decoded at (smaller when decoded downscaled), as the image is shown, and
/// whether it decodes to one gray channel.
/// </summary>
public readonly record struct DecodePlan(SKSizeI Full, SKSizeI Decoded, bool Gray = false)
{
    public bool Reduced => Decoded != Full;
}
