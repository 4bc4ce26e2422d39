using SkiaSharp;

namespace AugBuild.Engine.Augmentation;

/// <summary>
/// One augmented copy of an image of a given size: the transform's name, its applied parameters as JSON
/// (recorded with the copy) and the pixel map that produces it. Parameters come from the definition only.
/// </summary>
public sealed class TransformCopy
{
    internal TransformCopy(string name, int index, string paramsJson, AffineMap map, int width, int height, SKRectI? window = null)
    {
        Window = window ?? new SKRectI(0, 0, width, height);
        Name = name;
        Index = index;
        ParamsJson = paramsJson;
        Map = map;
        Width = width;
        Height = height;
    }

    /// <summary>Transform name, e.g. "rotate".</summary>
    public string Name { get; }

    /// <summary>Position of this copy in the set's expansion (0-based), stable across runs.</summary>
    public int Index { get; }

    /// <summary>Applied parameters, e.g. {"dx":2,"dy":-2}.</summary>
    public string ParamsJson { get; }

    public AffineMap Map { get; }

    /// <summary>The source pixels the copy may sample; a crop's window excludes the cut margins.</summary>
    public SKRectI Window { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>
    /// Returns a new bitmap of the same size and pixel format (unsupported formats become RGBA 8888,
    /// see <see cref="PixelFormats"/>). The caller owns and disposes it.
    /// </summary>
    public SKBitmap Apply(SKBitmap source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Width != Width || source.Height != Height)
        {
            throw new ArgumentException(
                $"This copy was expanded for {Width}x{Height} images; the bitmap is {source.Width}x{source.Height}.", nameof(source));
        }

        var pixels = PixelFormats.Normalize(source);
        try
        {
            return BilinearWarp.Apply(pixels, Map, Width, Height, Window);
        }
        finally
        {
            if (!ReferenceEquals(pixels, source)) pixels.Dispose();
        }
    }

    public override string ToString() => $"{Name} {ParamsJson}";
}
