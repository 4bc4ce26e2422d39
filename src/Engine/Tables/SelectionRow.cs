using System.Text.Json.Serialization;

namespace AugBuild.Engine.Tables;

/// <summary>One row of <c>selection.parquet</c>: where the policy ranked an image and whether the budget took it; the label check's columns follow (<see cref="LabelCheckRow"/>).</summary>
public sealed class SelectionRow : LabelCheckRow
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
}
