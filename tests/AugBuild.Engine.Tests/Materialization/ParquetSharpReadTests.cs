using System.Text.Json;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Materialization;
using ParquetSharp;

namespace AugBuild.Engine.Tests.Materialization;

/// <summary>Reads a shard with Apache Arrow's C++ Parquet (through ParquetSharp), a reader independent of the writer.</summary>
public class ParquetSharpReadTests
{
    [Fact]
    public async Task Arrow_cpp_reader_sees_the_schema_rows_and_metadata()
    {
        using var t = new TestImages();
        var items = t.Make(10);
        await new Materializer().RunAsync(new MaterializeRequest(items, TestImages.Classes, TransformSet.Parse("translate:1"),
            new MaterializeOptions { OutputDirectory = t.Out, RowGroupMaxRows = 7 }, new DatasetCardInfo()));
        var file = DatasetReader.Shards(t.DatasetDir).Single();
        var expected = await DatasetReader.ReadAsync(file);

        using var reader = new ParquetFileReader(file);
        var meta = reader.FileMetaData;
        Assert.Equal(10 + 4 * items.Count(i => i.Selected), meta.NumRows);
        Assert.Equal(
            ["image.bytes", "image.path", "label", "class", "source", "augmented", "transform", "params", "weight", "score"],
            Enumerable.Range(0, meta.NumColumns).Select(c => meta.Schema.Column(c).Path.ToDotString()));
        var names = JsonDocument.Parse(meta.KeyValueMetadata["huggingface"]).RootElement
            .GetProperty("info").GetProperty("features").GetProperty("label").GetProperty("names");
        Assert.Equal(TestImages.Classes, names.EnumerateArray().Select(e => e.GetString()));
        Assert.True(meta.NumRowGroups >= 2);

        var bytes = new List<byte[]>();
        var labels = new List<long>();
        var transforms = new List<string>();
        var weights = new List<double>();
        for (int g = 0; g < meta.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            int n = checked((int)group.MetaData.NumRows);
            using (var col = group.Column(0).LogicalReader<byte[]>()) bytes.AddRange(col.ReadAll(n));
            using (var col = group.Column(2).LogicalReader<long>()) labels.AddRange(col.ReadAll(n));
            using (var col = group.Column(6).LogicalReader<string>()) transforms.AddRange(col.ReadAll(n));
            using (var col = group.Column(8).LogicalReader<double>()) weights.AddRange(col.ReadAll(n));
        }

        Assert.Equal(expected.Select(r => r.Label), labels);
        Assert.Equal(expected.Select(r => r.Transform), transforms);
        Assert.Equal(expected.Select(r => r.Weight), weights);
        Assert.Equal(expected.Count, bytes.Count);
        for (int i = 0; i < bytes.Count; i++) Assert.Equal(expected[i].Bytes, bytes[i]);
        Assert.All(bytes, b => Assert.NotNull(SkiaSharp.SKBitmap.Decode(b)));
    }
}

/// <summary>The Arrow schema Arrow C++ derives from a shard: what pyarrow, and so Hugging Face datasets, sees.</summary>
public class ArrowSchemaTests
{
    [Fact]
    public async Task Arrow_schema_matches_the_hugging_face_image_layout()
    {
        using var t = new TestImages();
        var items = t.Make(5);
        await new Materializer().RunAsync(new MaterializeRequest(items, TestImages.Classes, TransformSet.Parse("flip-h"),
            new MaterializeOptions { OutputDirectory = t.Out }, new DatasetCardInfo()));
        using var reader = new ParquetSharp.Arrow.FileReader(DatasetReader.Shards(t.DatasetDir).Single());
        var schema = reader.Schema;
        string Type(string name) => schema.GetFieldByName(name).DataType.Name;
        var image = Assert.IsType<Apache.Arrow.Types.StructType>(schema.GetFieldByName("image").DataType);
        Assert.Equal(["bytes", "path"], image.Fields.Select(f => f.Name));
        Assert.Equal(["binary", "utf8"], image.Fields.Select(f => f.DataType.Name));
        Assert.Equal(
            ["int64", "utf8", "utf8", "bool", "utf8", "utf8", "double", "double"],
            new[] { "label", "class", "source", "augmented", "transform", "params", "weight", "score" }.Select(Type));
        using var batches = reader.GetRecordBatchReader();
        long rows = 0;
        while (await batches.ReadNextRecordBatchAsync() is { } batch)
            using (batch) rows += batch.Length;
        Assert.Equal(5 + items.Count(i => i.Selected), rows);
    }
}
