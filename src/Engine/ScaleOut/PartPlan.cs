using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using AugBuild.Engine.Materialization;

namespace AugBuild.Engine.ScaleOut;

/// <summary>
/// What every shard of one sharded materialize shares and the gather needs to write the dataset exactly as a
/// single run would: the classes, the transforms and output settings, the card's fields, the label-check counts
/// and the number of items. Every shard computes it from the same selection and settings, so equal plans (by
/// <see cref="Hash"/>) mean the parts belong together.
/// </summary>
public sealed record PartPlan
{
    public required IReadOnlyList<string> ClassNames { get; init; }

    public required string Transforms { get; init; }

    public required string Format { get; init; }

    public required long ShardSizeBytes { get; init; }

    public required int RowGroupMaxRows { get; init; }

    public required long RowGroupMaxBytes { get; init; }

    public required DatasetCardInfo Card { get; init; }

    public required int LabelSuspected { get; init; }

    public required int LabelChecked { get; init; }

    /// <summary>Originals in the selection: the gather's progress total and the count the parts' items must add up to.</summary>
    public required int ItemCount { get; init; }

    /// <summary>XxHash128 of the selection rows (path, selected, weight, score, label check) in order: parts of another selection differ.</summary>
    public required string SelectionHash { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string Hash => Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this))));

    internal static PartPlan Of(MaterializeRequest request)
    {
        var label = LabelCheck.Of(request.Items);
        var hash = new XxHash128();
        foreach (var item in request.Items)
        {
            hash.Append(Encoding.UTF8.GetBytes(FormattableString.Invariant(
                $"{item.Entry.Path}\u001f{item.Entry.Label}\u001f{item.Selected}\u001f{BitConverter.DoubleToInt64Bits(item.Weight)}\u001f{BitConverter.DoubleToInt64Bits(item.Score)}\u001f{BitConverter.DoubleToInt64Bits(item.SelfConfidence)}\u001f{item.SuspectLabel}\u001e")));
        }

        var o = request.Options;
        return new PartPlan
        {
            ClassNames = request.ClassNames,
            Transforms = request.Transforms.ToString(),
            Format = OutputImageFormats.Name(o.Format),
            ShardSizeBytes = o.ShardSizeBytes,
            RowGroupMaxRows = o.RowGroupMaxRows,
            RowGroupMaxBytes = o.RowGroupMaxBytes,
            Card = request.Card,
            LabelSuspected = label.Suspected,
            LabelChecked = label.Checked,
            ItemCount = request.Items.Count,
            SelectionHash = Convert.ToHexStringLower(hash.GetCurrentHash()),
        };
    }
}
