using System.Collections.Concurrent;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using SkiaSharp;

namespace AugBuild.Engine.Materialization;

/// <summary>The rows of one original image (itself, then its copies in set order), or why it was skipped.</summary>
internal sealed record RenderedEntry(MaterializeItem Item, IReadOnlyList<DatasetRow>? Rows, string? SkipReason);

/// <summary>
/// Reads, decodes, transforms and encodes one image. Thread-safe; called in parallel. Everything it produces
/// depends only on the item and the transform set, never on which thread or in which order it runs.
/// </summary>
internal sealed class EntryRenderer
{
    private readonly TransformSet _transforms;
    private readonly OutputImageFormat _format;
    private readonly Func<byte[], string, SKBitmap?> _decode;
    private readonly ConcurrentDictionary<(int, int), IReadOnlyList<TransformCopy>> _expansions = new();

    public EntryRenderer(TransformSet transforms, OutputImageFormat format, Func<byte[], string, SKBitmap?>? decoder)
    {
        _transforms = transforms;
        _format = format;
        _decode = decoder ?? DecodeWithSkia;
    }

    public RenderedEntry Render(MaterializeItem item)
    {
        var entry = item.Entry;
        byte[] file;
        try
        {
            file = File.ReadAllBytes(entry.FullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RenderedEntry(item, null, $"cannot be read ({e.Message})");
        }

        using var decoded = TryDecode(file, entry.FullPath, out var error);
        if (decoded is null || decoded.Width <= 0 || decoded.Height <= 0)
            return new RenderedEntry(item, null, $"is not a decodable image ({error ?? "the decoder returned nothing"})");
        var pixels = PixelFormats.Normalize(decoded);
        try
        {
            var rows = new List<DatasetRow>(1 + (item.Selected ? _transforms.CopiesPerImage : 0));
            bool keepSource = _format == OutputImageFormat.Source;
            rows.Add(Row(item, keepSource ? file : EncodePng(pixels), keepSource ? entry.Path : WithExtension(entry.Path, ".png"),
                augmented: false, "none", "{}"));
            if (item.Selected)
            {
                var copies = Expand(entry, pixels.Width, pixels.Height);
                var stem = WithExtension(entry.Path, "");
                foreach (var copy in copies)
                {
                    using var augmented = copy.Apply(pixels);
                    rows.Add(Row(item, EncodePng(augmented), $"{stem}.{copy.Name}-{copy.Index:D2}.png", augmented: true, copy.Name, copy.ParamsJson));
                }
            }

            return new RenderedEntry(item, rows, null);
        }
        finally
        {
            if (!ReferenceEquals(pixels, decoded)) pixels.Dispose();
        }
    }

    private IReadOnlyList<TransformCopy> Expand(ImageEntry entry, int width, int height)
    {
        try
        {
            return _expansions.GetOrAdd((width, height), size => _transforms.Expand(size.Item1, size.Item2));
        }
        catch (AugBuildException e)
        {
            // Name the image: the set itself parsed fine, only this image is too small for it.
            throw new AugBuildException(e.Code, $"'{entry.Path}': {e.Message}", entry.FullPath, e);
        }
    }

    private SKBitmap? TryDecode(byte[] file, string path, out string? error)
    {
        error = null;
        try
        {
            return _decode(file, path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e.Message;
            return null;
        }
    }

    private static SKBitmap? DecodeWithSkia(byte[] file, string path) => SKBitmap.Decode(file);

    private static DatasetRow Row(MaterializeItem item, byte[] bytes, string path, bool augmented, string transform, string json) =>
        new(bytes, path, item.Entry.Label, item.Entry.ClassName, item.Entry.Path, augmented, transform, json, item.Weight, item.Score,
            item.SelfConfidence, item.SuspectLabel);

    private static byte[] EncodePng(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {bitmap.ColorType} bitmap as PNG.");
        return data.ToArray();
    }

    /// <summary>Replaces the extension of a forward-slash path (or drops it when <paramref name="extension"/> is empty).</summary>
    internal static string WithExtension(string path, string extension)
    {
        int slash = path.LastIndexOf('/');
        int dot = path.LastIndexOf('.');
        var stem = dot > slash + 1 ? path[..dot] : path;
        return stem + extension;
    }
}
