using System.Text.Json.Serialization;

namespace AugBuild.Engine.Tables;

/// <summary>
/// One row of <c>scores.parquet</c>: an original training image and its scores. Loss is always there (it costs
/// nothing once the probe is fitted); influence is null when it was not computed (<c>--score loss</c>).
/// </summary>
public sealed class ScoreRow
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

    /// <summary>Out-of-fold p(label | image) from the cross-validation at C (NaN when C fell back without one).</summary>
    [JsonPropertyName("self_confidence")]
    [OptionalColumn]
    public double SelfConfidence { get; set; } = double.NaN;

    /// <summary>Confident learning flags the label as a likely error (<see cref="Learning.OutOfFold.SuspectLabels"/>).</summary>
    [JsonPropertyName("suspect_label")]
    [OptionalColumn]
    public bool SuspectLabel { get; set; }
}
