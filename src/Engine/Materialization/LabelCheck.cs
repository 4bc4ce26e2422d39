using System.Globalization;

namespace AugBuild.Engine.Materialization;

/// <summary>The dataset card's count of suspected label issues among the originals; unknown when no out-of-fold probabilities were made.</summary>
internal sealed record LabelCheck(int Suspected, int Checked)
{
    public static LabelCheck Of(IReadOnlyList<MaterializeItem> items) =>
        new(items.Count(i => i.SuspectLabel), items.Count(i => double.IsFinite(i.SelfConfidence)));

    public string Text => Checked == 0
        ? "n/a (no cross-validation ran)"
        : string.Create(CultureInfo.InvariantCulture, $"{Suspected} of {Checked}");
}
