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
        // The baseline comes from the writer's own library (Parquet.Net); the reads below are Arrow C++'s.
        var expected = await ReadWithParquetNetAsync(file);

        using var reader = new ParquetFileReader(file);
        var meta = reader.FileMetaData;
        Assert.Equal(10 + 4 * items.Count(i => i.Selected), meta.NumRows);
        Assert.Equal(
            ["image.bytes", "image.path", "label", "class", "source", "augmented", "transform", "params", "weight", "score", "self_confidence", "suspect_label"],
            Enumerable.Range(0, meta.NumColumns).Select(c => meta.Schema.Column(c).Path.ToDotString()));
        var names = JsonDocument.Parse(meta.KeyValueMetadata["huggingface"]).RootElement
            .GetProperty("info").GetProperty("features").GetProperty("label").GetProperty("names");
        Assert.Equal(TestImages.Classes, names.EnumerateArray().Select(e => e.GetString()));
        Assert.True(meta.NumRowGroups >= 2);

        var bytes = new List<byte[]>();
        var labels = new List<long>();
        var transforms = new List<string>();
        var weights = new List<double>();
        var sources = new List<string>();
        var confidence = new List<double>();
        var suspect = new List<bool>();
        for (int g = 0; g < meta.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            int n = checked((int)group.MetaData.NumRows);
            using (var col = group.Column(0).LogicalReader<byte[]>()) bytes.AddRange(col.ReadAll(n));
            using (var col = group.Column(2).LogicalReader<long?>()) labels.AddRange(col.ReadAll(n).Select(v => v!.Value));
            using (var col = group.Column(6).LogicalReader<string>()) transforms.AddRange(col.ReadAll(n));
            using (var col = group.Column(8).LogicalReader<double?>()) weights.AddRange(col.ReadAll(n).Select(v => v!.Value));
            using (var col = group.Column(4).LogicalReader<string>()) sources.AddRange(col.ReadAll(n));
            using (var col = group.Column(10).LogicalReader<double?>()) confidence.AddRange(col.ReadAll(n).Select(v => v!.Value));
            using (var col = group.Column(11).LogicalReader<bool?>()) suspect.AddRange(col.ReadAll(n).Select(v => v!.Value));
        }

        Assert.Equal(expected.Labels, labels);
        Assert.Equal(expected.Transforms, transforms);
        Assert.Equal(expected.Weights, weights);
        Assert.Equal(expected.Bytes.Count, bytes.Count);
        // Every row, original or copy, carries its original's label check.
        var bySource = items.ToDictionary(i => i.Entry.Path);
        Assert.Equal(sources.Select(s => bySource[s].SelfConfidence), confidence);
        Assert.Equal(sources.Select(s => bySource[s].SuspectLabel), suspect);
        Assert.Contains(true, suspect);
        for (int i = 0; i < bytes.Count; i++) Assert.Equal(expected.Bytes[i], bytes[i]);
        Assert.All(bytes, b => Assert.NotNull(SkiaSharp.SKBitmap.Decode(b)));
    }

    /// <summary>The image bytes, labels, transforms and weights of every row, in row order, read by Parquet.Net.</summary>
    private static async Task<(List<byte[]> Bytes, List<long> Labels, List<string> Transforms, List<double> Weights)> ReadWithParquetNetAsync(string file)
    {
        var result = (Bytes: new List<byte[]>(), Labels: new List<long>(), Transforms: new List<string>(), Weights: new List<double>());
        await using var reader = await Parquet.ParquetReader.CreateAsync(file);
        var fields = reader.Schema.DataFields.ToDictionary(f => f.Path.ToString(), f => f);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            var bytes = new byte[]?[n];
            var label = new long?[n];
            var transform = new string?[n];
            var weight = new double?[n];
            await group.ReadAsync(fields["image/bytes"], bytes.AsMemory());
            await group.ReadAsync<long>(fields["label"], label.AsMemory());
            await group.ReadAsync(fields["transform"], transform.AsMemory());
            await group.ReadAsync<double>(fields["weight"], weight.AsMemory());
            result.Bytes.AddRange(bytes.Select(b => b!));
            result.Labels.AddRange(label.Select(v => v!.Value));
            result.Transforms.AddRange(transform.Select(t => t!));
            result.Weights.AddRange(weight.Select(v => v!.Value));
        }

        return result;
    }
}

/// <summary>
/// The Arrow schema Arrow C++ derives from a shard (what pyarrow, and so Hugging Face datasets, sees) must equal,
/// field by field with nullability, the schema the datasets library derives from the features we declare:
/// <c>Features.from_arrow_schema</c> keeps a metadata feature (Image, ClassLabel) only where
/// <c>features.arrow_schema.field(name) == field</c>, and pyarrow's field equality compares name, type and
/// nullability. Otherwise <c>label</c> loads as a plain int64 and <c>image</c> as a plain struct.
/// </summary>
public class ArrowSchemaTests
{
    /// <summary>
    /// Written down from huggingface/datasets 5.0.2.dev0 (src/datasets/features/features.py, image.py, commit
    /// b7cb10b, July 2026): <c>Features.arrow_schema</c> is <c>pa.schema(get_nested_type(features))</c>, where
    /// <c>get_nested_type</c> builds <c>pa.struct({key: ...})</c> and so every field is nullable (pyarrow's default);
    /// <c>Image.pa_type = pa.struct({"bytes": pa.binary(), "path": pa.string()})</c> (both nullable);
    /// <c>ClassLabel.pa_type = pa.int64()</c>; <c>Value("string")</c> is <c>pa.string()</c> (Arrow "utf8"),
    /// <c>Value("bool")</c> <c>pa.bool_()</c>, <c>Value("float64")</c> <c>pa.float64()</c> (Arrow "double").
    /// </summary>
    private static readonly (string Name, string Type, bool Nullable)[] HuggingFaceFields =
    [
        ("image", "struct", true),
        ("label", "int64", true),
        ("class", "utf8", true),
        ("source", "utf8", true),
        ("augmented", "bool", true),
        ("transform", "utf8", true),
        ("params", "utf8", true),
        ("weight", "double", true),
        ("score", "double", true),
        ("self_confidence", "double", true),
        ("suspect_label", "bool", true),
    ];

    private static readonly (string Name, string Type, bool Nullable)[] HuggingFaceImageFields =
    [
        ("bytes", "binary", true),
        ("path", "utf8", true),
    ];

    [Fact]
    public async Task Arrow_schema_equals_the_one_hugging_face_datasets_derives_from_the_features()
    {
        using var t = new TestImages();
        var items = t.Make(5);
        await new Materializer().RunAsync(new MaterializeRequest(items, TestImages.Classes, TransformSet.Parse("flip-h"),
            new MaterializeOptions { OutputDirectory = t.Out }, new DatasetCardInfo()));
        using var reader = new ParquetSharp.Arrow.FileReader(DatasetReader.Shards(t.DatasetDir).Single());
        var schema = reader.Schema;

        Assert.Equal(HuggingFaceFields, schema.FieldsList.Select(f => (f.Name, f.DataType.Name, f.IsNullable)));
        var image = Assert.IsType<Apache.Arrow.Types.StructType>(schema.GetFieldByName("image").DataType);
        Assert.Equal(HuggingFaceImageFields, image.Fields.Select(f => (f.Name, f.DataType.Name, f.IsNullable)));

        using var batches = reader.GetRecordBatchReader();
        long rows = 0;
        while (await batches.ReadNextRecordBatchAsync() is { } batch)
        {
            using (batch)
            {
                rows += batch.Length;
                Assert.All(Enumerable.Range(0, batch.ColumnCount), c => Assert.Equal(0, batch.Column(c).NullCount));
            }
        }

        Assert.Equal(5 + items.Count(i => i.Selected), rows);
    }
}
