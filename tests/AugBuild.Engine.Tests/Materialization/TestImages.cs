using AugBuild.Engine.Data;
using AugBuild.Engine.Materialization;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Materialization;

/// <summary>A throwaway folder of small synthetic images, made fresh for each test.</summary>
internal sealed class TestImages : IDisposable
{
    public TestImages()
    {
        Root = Path.Combine(Path.GetTempPath(), "augbuild-mat-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Out => Path.Combine(Root, "out");

    public string DatasetDir => Path.Combine(Out, "dataset");

    public static readonly string[] Classes = ["bird", "cat", "dog"];

    /// <summary>
    /// n images cycling through the classes; every third is selected. Mixed formats: Gray8 PNG, RGBA PNG
    /// and (when <paramref name="withJpeg"/>) JPEG, so pixel formats and source bytes vary.
    /// </summary>
    public List<MaterializeItem> Make(int n, int size = 28, bool withJpeg = false, bool noise = false)
    {
        var items = new List<MaterializeItem>();
        for (int i = 0; i < n; i++)
        {
            int label = i % Classes.Length;
            bool jpeg = withJpeg && i % 4 == 3;
            var rel = $"{Classes[label]}/img{i:D3}.{(jpeg ? "jpg" : "png")}";
            var full = Path.Combine(Root, "src", rel);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var bmp = i % 2 == 0 ? Gray(size, i, noise) : Color(size, i, noise);
            using var data = bmp.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 90);
            File.WriteAllBytes(full, data.ToArray());
            items.Add(new MaterializeItem(new ImageEntry(rel, full, label, Classes[label]), i % 3 == 0, 1.0 / (i + 1), i * 0.25,
                SelfConfidence: 1.0 / (i + 2), SuspectLabel: i % 4 == 1));
        }

        return items;
    }

    public MaterializeItem AddCorrupt(string rel, int label, bool selected)
    {
        var full = Path.Combine(Root, "src", rel);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5]);
        return new MaterializeItem(new ImageEntry(rel, full, label, Classes[label]), selected, 1, 0);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static SKBitmap Gray(int size, int seed, bool noise)
    {
        var rng = new Random(seed);
        return Bitmaps.Gray(size, size, (x, y) => noise ? (byte)rng.Next(256) : (byte)((x * (seed + 3) + y * 7) % 256));
    }

    private static SKBitmap Color(int size, int seed, bool noise)
    {
        var rng = new Random(seed);
        return Bitmaps.Rgba(size, size, (x, y, c) => c == 3 ? (byte)255 : noise ? (byte)rng.Next(256) : (byte)((x * (c + 1) + y * (seed + 1)) % 256), SKAlphaType.Opaque);
    }
}
