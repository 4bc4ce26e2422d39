using System.Text.Json;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Materialization;

public class MaterializerRoundTripTests
{
    private static MaterializeRequest Request(TestImages t, List<MaterializeItem> items, string transforms, Action<MaterializeOptions>? _ = null,
        OutputImageFormat format = OutputImageFormat.Png, int dop = 2, long shard = ShardSize.Default) =>
        new(items, TestImages.Classes, TransformSet.Parse(transforms),
            new MaterializeOptions { OutputDirectory = t.Out, Format = format, MaxDegreeOfParallelism = dop, ShardSizeBytes = shard },
            new DatasetCardInfo { Budget = "4", Policy = "deterministic-proportional", Score = "loss", Seed = "7", ToolVersion = "0.1.0" });

    [Fact]
    public async Task Rows_read_back_as_written()
    {
        using var t = new TestImages();
        var items = t.Make(12);
        var set = TransformSet.Parse("translate,flip-h");
        int selected = items.Count(i => i.Selected);
        var summary = await new Materializer().RunAsync(Request(t, items, "translate,flip-h"));

        Assert.Equal(12 + 5 * selected, summary.Rows);
        Assert.Equal((12L, 5L * selected, 1), (summary.Originals, summary.Copies, summary.Shards));
        var files = DatasetReader.Shards(t.DatasetDir);
        Assert.Equal([Path.Combine(t.DatasetDir, "train-00000-of-00001.parquet")], files);
        Assert.Equal(files.Sum(f => new FileInfo(f).Length), summary.Bytes);
        var rows = DatasetReader.ReadAll(files);
        Assert.Equal(summary.Rows, rows.Count);

        int r = 0;
        foreach (var item in items)
        {
            var original = rows[r++];
            Assert.False(original.Augmented);
            Assert.Equal(("none", "{}"), (original.Transform, original.Params));
            AssertItem(item, original);
            Assert.Equal(Path.ChangeExtension(item.Entry.Path, ".png"), original.Path);
            using var source = SKBitmap.Decode(item.Entry.FullPath);
            using var decodedOriginal = SKBitmap.Decode(original.Bytes);
            Assert.Equal(source.Bytes, decodedOriginal.Bytes);
            if (!item.Selected) continue;
            foreach (var copy in set.Expand(source.Width, source.Height))
            {
                var row = rows[r++];
                Assert.True(row.Augmented);
                AssertItem(item, row);
                Assert.Equal((copy.Name, copy.ParamsJson), (row.Transform, row.Params));
                using var expected = copy.Apply(source);
                using var decoded = SKBitmap.Decode(row.Bytes);
                Assert.Equal((source.Width, source.Height), (decoded.Width, decoded.Height));
                Assert.Equal(expected.Bytes, decoded.Bytes);
                Assert.EndsWith(".png", row.Path, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Huggingface_metadata_names_the_image_and_class_label_features()
    {
        using var t = new TestImages();
        await new Materializer().RunAsync(Request(t, t.Make(4), "flip-v"));
        await using var reader = await Parquet.ParquetReader.CreateAsync(DatasetReader.Shards(t.DatasetDir)[0]);
        var features = JsonDocument.Parse(reader.CustomMetadata["huggingface"]).RootElement.GetProperty("info").GetProperty("features");
        Assert.Equal("Image", features.GetProperty("image").GetProperty("_type").GetString());
        Assert.Equal("ClassLabel", features.GetProperty("label").GetProperty("_type").GetString());
        Assert.Equal(TestImages.Classes, features.GetProperty("label").GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("float64", features.GetProperty("weight").GetProperty("dtype").GetString());
        Assert.Equal(
            ["image", "label", "class", "source", "augmented", "transform", "params", "weight", "score", "self_confidence", "suspect_label"],
            features.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Source_format_keeps_original_bytes_and_copies_are_png()
    {
        using var t = new TestImages();
        var items = t.Make(8, withJpeg: true);
        await new Materializer().RunAsync(Request(t, items, "rotate:10", format: OutputImageFormat.Source));
        var rows = DatasetReader.ReadAll(DatasetReader.Shards(t.DatasetDir));
        var originals = rows.Where(r => !r.Augmented).ToList();
        Assert.Equal(items.Select(i => i.Entry.Path), originals.Select(r => r.Path));
        for (int i = 0; i < items.Count; i++) Assert.Equal(File.ReadAllBytes(items[i].Entry.FullPath), originals[i].Bytes);
        Assert.Contains(originals, r => r.Path.EndsWith(".jpg", StringComparison.Ordinal));
        foreach (var copy in rows.Where(r => r.Augmented))
        {
            Assert.Equal((byte)0x89, copy.Bytes[0]); // PNG signature
            Assert.NotNull(SKBitmap.Decode(copy.Bytes));
        }
    }

    [Fact]
    public async Task Undecodable_image_is_skipped_with_a_coded_warning()
    {
        using var t = new TestImages();
        var items = t.Make(6);
        items.Insert(2, t.AddCorrupt("cat/broken.png", 1, selected: true));
        var reporter = new CollectingReporter();
        var summary = await new Materializer(reporter).RunAsync(Request(t, items, "flip-h,flip-v"));
        var good = items.Where(i => !i.Entry.Path.Contains("broken", StringComparison.Ordinal)).ToList();
        Assert.Equal(good.Count + 2 * good.Count(i => i.Selected), summary.Rows);
        Assert.Equal((1, 3L), (summary.SkippedImages, summary.SkippedRows));
        var warning = Assert.Single(reporter.Warnings);
        Assert.Equal(MaterializeErrors.UndecodableImage, warning.Code);
        Assert.Contains("cat/broken.png", warning.Message, StringComparison.Ordinal);
        var rows = DatasetReader.ReadAll(DatasetReader.Shards(t.DatasetDir));
        Assert.DoesNotContain(rows, r => r.Source == "cat/broken.png");
    }

    [Fact]
    public async Task Dataset_card_counts_classes_and_records_the_settings()
    {
        using var t = new TestImages();
        var items = t.Make(9);
        await new Materializer().RunAsync(Request(t, items, "translate"));
        var card = await File.ReadAllTextAsync(Path.Combine(t.DatasetDir, "README.md"));
        // 9 images, labels cycle bird/cat/dog, selected are 0,3,6 (all birds): 3 birds x 4 copies.
        Assert.Contains("| 0 | bird | 3 | 3 | 12 | 15 |", card, StringComparison.Ordinal);
        Assert.Contains("| 1 | cat | 3 | 0 | 0 | 3 |", card, StringComparison.Ordinal);
        Assert.Contains("num_examples: 21", card, StringComparison.Ordinal);
        Assert.Contains("| policy | deterministic-proportional |", card, StringComparison.Ordinal);
        Assert.Contains("| transforms | translate (4 copies per augmented image) |", card, StringComparison.Ordinal);
        Assert.Contains("'2': \"dog\"", card, StringComparison.Ordinal);
        // Suspected labels are images 1 and 5 (i % 4 == 1), all 9 checked.
        Assert.Contains("| suspected label issues (originals; column suspect_label) | 2 of 9 |", card, StringComparison.Ordinal);
        Assert.Contains("- name: suspect_label\n    dtype: bool", card, StringComparison.Ordinal);
        Assert.StartsWith("---\n", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_counts_every_image()
    {
        using var t = new TestImages();
        var reporter = new ProgressRecorder();
        await new Materializer(reporter).RunAsync(Request(t, t.Make(5), "flip-h"));
        Assert.Equal([1L, 2, 3, 4, 5], reporter.Done);
        Assert.All(reporter.Totals, n => Assert.Equal(5, n));
    }

    [Fact]
    public async Task Label_outside_the_classes_is_a_coded_error()
    {
        using var t = new TestImages();
        var items = t.Make(3);
        items[1] = items[1] with { Entry = items[1].Entry with { Label = 7 } };
        var ex = await Assert.ThrowsAsync<AugBuildException>(() => new Materializer().RunAsync(Request(t, items, "flip-h")));
        Assert.Equal(MaterializeErrors.InvalidItem, ex.Code);
    }

    private static void AssertItem(MaterializeItem item, ShardRow row)
    {
        Assert.Equal(item.Entry.Label, row.Label);
        Assert.Equal(item.Entry.ClassName, row.Class);
        Assert.Equal(item.Entry.Path, row.Source);
        Assert.Equal(item.Weight, row.Weight);
        Assert.Equal(item.Score, row.Score);
    }

    private sealed class ProgressRecorder : IReporter
    {
        public List<long> Done { get; } = [];

        public List<long> Totals { get; } = [];

        public void Info(string message) { }

        public void Warning(string code, string message, string? file = null) { }

        public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images)
        {
            Assert.Equal(Materializer.Stage, stage);
            Done.Add(done);
            Totals.Add(total);
        }
    }
}

public class MaterializerEmptyTests
{
    [Fact]
    public async Task No_items_still_writes_one_readable_shard_with_the_schema()
    {
        using var t = new TestImages();
        var summary = await new Materializer().RunAsync(new MaterializeRequest([], TestImages.Classes, TransformSet.Parse("rotate"),
            new MaterializeOptions { OutputDirectory = t.Out }, new DatasetCardInfo()));
        Assert.Equal((0L, 1), (summary.Rows, summary.Shards));
        using var reader = new ParquetSharp.ParquetFileReader(DatasetReader.Shards(t.DatasetDir).Single());
        Assert.Equal(0, reader.FileMetaData.NumRows);
        Assert.Equal(12, reader.FileMetaData.NumColumns);
    }
}

public class MaterializerTooSmallImageTests
{
    [Fact]
    public async Task Crop_too_large_for_an_image_keeps_its_original_and_names_it_in_one_warning()
    {
        using var t = new TestImages();
        var items = t.Make(3, size: 10);
        var reporter = new CollectingReporter();
        var summary = await new Materializer(reporter).RunAsync(new MaterializeRequest(items, TestImages.Classes,
            TransformSet.Parse("crop:5"), new MaterializeOptions { OutputDirectory = t.Out }, new DatasetCardInfo()));
        var warning = Assert.Single(reporter.Warnings, w => w.Code == MaterializeErrors.CopiesSkipped);
        Assert.Contains(items[0].Entry.Path, warning.Message, StringComparison.Ordinal);
        Assert.Contains("too large for a 10x10 image", warning.Message, StringComparison.Ordinal);
        Assert.Equal((3L, 0L), (summary.Originals, summary.Copies));
    }
}

public class MaterializerDecoderTests
{
    [Fact]
    public async Task A_custom_decoder_is_used_and_its_failure_message_reaches_the_warning()
    {
        using var t = new TestImages();
        var items = t.Make(4);
        var reporter = new CollectingReporter();
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var options = new MaterializeOptions
        {
            OutputDirectory = t.Out,
            Decoder = (bytes, path) =>
            {
                seen.Add(path);
                if (path.EndsWith("img001.png", StringComparison.Ordinal)) throw new InvalidDataException("bad chunk CRC");
                // Decode, then invert: proves these pixels, not SkiaSharp's own decode, reach the file.
                var bmp = SKBitmap.Decode(bytes);
                var px = bmp.GetPixelSpan();
                for (int i = 0; i < px.Length; i++) px[i] = (byte)(255 - px[i]);
                bmp.NotifyPixelsChanged();
                return bmp;
            },
        };
        var summary = await new Materializer(reporter).RunAsync(new MaterializeRequest(items, TestImages.Classes, TransformSet.None, options, new DatasetCardInfo()));
        Assert.Equal(items.Select(i => i.Entry.FullPath).Order(), seen.Order());
        Assert.Equal(3, summary.Rows);
        Assert.Contains("bad chunk CRC", Assert.Single(reporter.Warnings).Message, StringComparison.Ordinal);
        var first = DatasetReader.ReadAll(DatasetReader.Shards(t.DatasetDir))[0];
        using var written = SKBitmap.Decode(first.Bytes);
        using var source = SKBitmap.Decode(items[0].Entry.FullPath);
        Assert.Equal(source.Bytes.Select(b => (byte)(255 - b)), written.Bytes);
    }
}
