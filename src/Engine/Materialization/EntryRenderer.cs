using System.Collections.Concurrent;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using SkiaSharp;

namespace AugBuild.Engine.Materialization;

/// <summary>The rows of one original image (itself, then its copies in set order), or why it was skipped.</summary>
/// <param name="CopiesSkipped">Why a selected image got no copies (a transform cannot apply to its size), else null.</param>
internal sealed record RenderedEntry(MaterializeItem Item, IReadOnlyList<DatasetRow>? Rows, string? SkipReason, string? CopiesSkipped = null);

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
            Imaging.ImageDecoder.RequireRegularFile(entry.FullPath);
            file = File.ReadAllBytes(entry.FullPath);
        }
        catch (AugBuildException e)
        {
            return new RenderedEntry(item, null, $"cannot be read ({e.Code}: {e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RenderedEntry(item, null, $"cannot be read ({e.Message})");
        }

        // Held until this image's rows are encoded: bounds the memory of large images rendered at once.
        using var reservation = Imaging.DecodeBudget.Shared.Reserve(Imaging.DecodeBudget.BytesFor(file));
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
                IReadOnlyList<TransformCopy> copies;
                try
                {
                    copies = _expansions.GetOrAdd((pixels.Width, pixels.Height), size => _transforms.Expand(size.Item1, size.Item2));
                }
                catch (AugBuildException e) when (e.Code == Augmentation.AugmentationErrors.TooLargeForImage)
                {
                    // This image alone is too small for the set: it keeps its original row, the run goes on.
                    return new RenderedEntry(item, rows, null, $"'{entry.Path}' ({pixels.Width}x{pixels.Height}): {e.Message}");
                }

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
