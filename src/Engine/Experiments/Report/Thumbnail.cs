using AugBuild.Engine.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Experiments.Report;

/// <summary>An image as a base64 PNG data URI, shrunk to fit a square, for embedding in the report.</summary>
public static class Thumbnail
{
    public static string DataUri(string path, int maxSide = 96)
    {
        using var image = ImageDecoder.DecodeFile(path);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(image.Width, image.Height));
        using var small = scale < 1
            ? image.Resize(new SKImageInfo(Math.Max(1, (int)(image.Width * scale)), Math.Max(1, (int)(image.Height * scale))), new SKSamplingOptions(SKFilterMode.Linear))
            : image.Copy();
        using var data = small.Encode(SKEncodedImageFormat.Png, 100);
        return "data:image/png;base64," + Convert.ToBase64String(data.ToArray());
    }
}
