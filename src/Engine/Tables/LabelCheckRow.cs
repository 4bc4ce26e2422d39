using System.Text.Json.Serialization;

namespace AugBuild.Engine.Tables;

/// <summary>
/// The label check's two columns, the last of <c>scores.parquet</c> and of <c>selection.parquet</c> (which copies
/// them from the scores so the dataset can carry the label flag). Optional: tables written before them still read.
/// </summary>
public abstract class LabelCheckRow
{
    /// <summary>Out-of-fold p(label | image) from the cross-validation at C (NaN when C fell back without one).</summary>
    [JsonPropertyName("self_confidence")]
    [OptionalColumn]
    public double SelfConfidence { get; set; } = double.NaN;

    /// <summary>Confident learning flags the label as a likely error (<see cref="Learning.OutOfFold.SuspectLabels"/>).</summary>
    [JsonPropertyName("suspect_label")]
    [OptionalColumn]
    public bool SuspectLabel { get; set; }
}
