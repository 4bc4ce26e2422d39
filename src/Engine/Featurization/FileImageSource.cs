using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>An image file; its key is the XxHash128 of its bytes, so renaming or touching it keeps its features.</summary>
public sealed class FileImageSource(string path) : IImageSource
{
    private string? _key;

    public string Name { get; } = path;

    public string ContentKey => _key ??= HashFile();

    /// <summary>Reads the file again (from the OS cache): holding its bytes between the two calls would hold every image of a run.</summary>
    public SKBitmap Load() => ImageDecoder.DecodeFile(Name);

    public static IReadOnlyList<IImageSource> FromDataset(ImageDataset dataset) =>
        [.. dataset.Images.Select(i => (IImageSource)new FileImageSource(i.FullPath))];

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
