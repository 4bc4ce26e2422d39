using System.Text.Json.Serialization;

namespace AugBuild.Engine.Tables;

/// <summary>One row of <c>selection.parquet</c>: where the policy ranked an image and whether the budget took it.</summary>
public sealed class SelectionRow
{
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("rank")]
    public int Rank { get; set; }

    [JsonPropertyName("selected")]
    public bool Selected { get; set; }

    [JsonPropertyName("weight")]
    public double Weight { get; set; }

    [JsonPropertyName("score")]
    public double Score { get; set; }

    /// <summary>Copied from scores.parquet so the dataset can carry the label flag.</summary>
    [JsonPropertyName("self_confidence")]
    [OptionalColumn]
    public double SelfConfidence { get; set; } = double.NaN;

    [JsonPropertyName("suspect_label")]
    [OptionalColumn]
    public bool SuspectLabel { get; set; }
}
