using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>Turns a bitmap into one model input tensor (without the batch dimension). Thread-safe.</summary>
internal interface IInputTransform
{
    /// <summary>Floats per image.</summary>
    int Length { get; }

    /// <summary>Input shape without the batch dimension, e.g. [3, 224, 224].</summary>
    long[] Shape { get; }

    /// <summary>The width and height every image is resized to.</summary>
    SKSizeI InputSize { get; }

    /// <summary>Everything that changes the values, for the cache identity.</summary>
    string Description { get; }

    void Fill(SKBitmap image, Span<float> destination);
}
