using System.Text.Json.Serialization;

namespace AugBuild.Engine.Tables;

/// <summary>One row of <c>features.parquet</c> (written with <c>--export-features</c>).</summary>
public sealed class FeatureRow
{
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("label")]
    public int Label { get; set; }

    [JsonPropertyName("features")]
    public float[] Features { get; set; } = [];
}
