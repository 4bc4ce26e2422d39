using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// A frozen map from an image to a feature vector. <see cref="Prepare"/> (decode-side work: resize, normalise)
/// runs on many threads at once; <see cref="Infer"/> runs batches on one thread.
/// </summary>
public interface IFeaturizer : IDisposable
{
    /// <summary>Short name: "resnet18", "pixels", or the model file name.</summary>
    string Name { get; }

    /// <summary>
    /// Stable cache identity: model content hash + preprocessing description. Batch size, thread count and the
    /// execution provider are not part of it, so CPU and GPU runs share cached features.
    /// </summary>
    string Identity { get; }

    /// <summary>Feature length; 0 when the images decide it (pixels without a side).</summary>
    int Dimension { get; }

    /// <summary>How many prepared images <see cref="Infer"/> takes at most.</summary>
    int BatchSize { get; }

    /// <summary>What runs inference: "CPU", "CUDA", or "none" (pixels).</summary>
    string Provider { get; }

    /// <summary>
    /// The width and height <see cref="Prepare"/> resizes every image to; null when it keeps the image's own size
    /// (pixels without a side). Large JPEG and WebP images are then decoded downscaled, never below three times this size.
    /// </summary>
    SKSizeI? InputSize => null;

    /// <summary>
    /// Throws, before the image is decoded, the coded error <see cref="Prepare"/> would throw for an image of this
    /// decoded size (gray: one channel); featurizers that resize every image accept any size. Thread-safe.
    /// </summary>
    void CheckSize(SKSizeI decoded, bool gray)
    {
    }

    /// <summary>The provider if inference has been set up; null while a lazily opened session is not open (nothing computed yet).</summary>
    string? OpenedProvider => Provider;

    /// <summary>Resizes and normalises one image into the model's input. Thread-safe.</summary>
    PreparedImage Prepare(SKBitmap image);

    /// <summary>Computes the features of up to <see cref="BatchSize"/> prepared images, in order. Not thread-safe.</summary>
    float[][] Infer(IReadOnlyList<PreparedImage> batch);
}
