using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>An image file; its key is the XxHash128 of its bytes, so renaming or touching it keeps its features.</summary>
/// <param name="contentKey">The file's <see cref="ContentHash.OfFile"/> when the caller has already read it, else null.</param>
public sealed class FileImageSource(string path, string? contentKey = null) : IImageSource
{
    private string? _key = contentKey;

    public string Name { get; } = path;

    public string ContentKey => _key ??= HashFile();

    /// <summary>Reads the file again (from the OS cache): holding its bytes between the two calls would hold every image of a run.</summary>
    public SKBitmap Load() => ImageDecoder.DecodeFile(Name);

    /// <summary>From the header alone (the pixel limit applied); 0 when it cannot be read, so the decode fails fast.</summary>
    public long DecodeBytes
    {
        get
        {
            try
            {
                return DecodeBudget.BytesFor(ImageDecoder.ReadSize(Name));
            }
            catch (AugBuildException)
            {
                return 0;
            }
        }
    }

    /// <param name="contentKeys">Content hashes already computed, row-aligned with the dataset (null entries are hashed here).</param>
    public static IReadOnlyList<IImageSource> FromDataset(ImageDataset dataset, IReadOnlyList<string?>? contentKeys = null) =>
        [.. dataset.Images.Select((image, i) => (IImageSource)new FileImageSource(image.FullPath, contentKeys?[i]))];

    private string HashFile()
    {
        try
        {
            return ContentHash.OfFile(Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AugBuildException(ImagingErrors.Unreadable, $"Image '{Name}' cannot be read: {e.Message}", Name, e);
        }
    }
}
