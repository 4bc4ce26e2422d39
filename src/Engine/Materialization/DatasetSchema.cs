using System.Text;
using System.Text.Json;
using Parquet.Schema;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// The Parquet schema of the training set, laid out as Hugging Face <c>datasets</c> writes an Image column
/// (a struct of bytes and path), plus the <c>huggingface</c> key-value metadata that makes
/// <c>load_dataset</c> decode <c>image</c> as Image and <c>label</c> as ClassLabel.
/// Every field is nullable, as Arrow derives them from the datasets library's features: the library keeps a
/// metadata feature only where its own field (nullability included) equals the file's.
/// </summary>
internal static class DatasetSchema
{
    public static readonly DataField<byte[]> ImageBytes = new("bytes");
    public static readonly DataField<string> ImagePath = new("path");
    public static readonly DataField<long?> Label = new("label");
    public static readonly DataField<string> Class = new("class");
    public static readonly DataField<string> Source = new("source");
    public static readonly DataField<bool?> Augmented = new("augmented");
    public static readonly DataField<string> Transform = new("transform");
    public static readonly DataField<string> Params = new("params");
    public static readonly DataField<double?> Weight = new("weight");
    public static readonly DataField<double?> Score = new("score");
    public static readonly DataField<double?> SelfConfidence = new("self_confidence");
    public static readonly DataField<bool?> SuspectLabel = new("suspect_label");

    public static ParquetSchema Schema { get; } = new(
        new StructField("image", ImageBytes, ImagePath), Label, Class, Source, Augmented, Transform, Params, Weight, Score,
        SelfConfidence, SuspectLabel);

    public const string MetadataKey = "huggingface";

    /// <summary>The <c>huggingface</c> metadata JSON; written with a fixed key order so it is byte-stable.</summary>
    public static string HuggingFaceJson(IReadOnlyList<string> classNames)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("info");
            w.WriteStartObject("features");
            w.WriteStartObject("image");
            w.WriteString("_type", "Image");
            w.WriteEndObject();
            w.WriteStartObject("label");
            w.WriteStartArray("names");
            foreach (var name in classNames) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteString("_type", "ClassLabel");
            w.WriteEndObject();
            Value(w, "class", "string");
            Value(w, "source", "string");
            Value(w, "augmented", "bool");
            Value(w, "transform", "string");
            Value(w, "params", "string");
            Value(w, "weight", "float64");
            Value(w, "score", "float64");
            Value(w, "self_confidence", "float64");
            Value(w, "suspect_label", "bool");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Value(Utf8JsonWriter w, string name, string dtype)
    {
        w.WriteStartObject(name);
        w.WriteString("dtype", dtype);
        w.WriteString("_type", "Value");
        w.WriteEndObject();
    }
}
