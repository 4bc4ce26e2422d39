using System.Text.Json.Serialization;

namespace AugBuild.Engine.Tables;

/// <summary>
/// One row of <c>scores.parquet</c>: an original training image and its scores. Loss is always there (it costs
/// nothing once the probe is fitted); influence is null when it was not computed (<c>--score loss</c>). The label
/// check's columns follow (<see cref="LabelCheckRow"/>).
/// </summary>
public sealed class ScoreRow : LabelCheckRow
{
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("label")]
    public int Label { get; set; }

    [JsonPropertyName("class")]
    public string Class { get; set; } = "";

    [JsonPropertyName("loss")]
    public double Loss { get; set; }

    [JsonPropertyName("influence")]
    public double? Influence { get; set; }
}
