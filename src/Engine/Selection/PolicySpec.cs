using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Selection;

/// <summary>
/// A policy with its modifiers. <c>update</c> and <c>downweight</c> only combine with the
/// proportional/inverse policies (method.md); anything else is error <see cref="SettingErrors.ModifierNotAllowed"/>.
/// </summary>
public sealed record PolicySpec
{
    public PolicySpec(PolicyKind kind, bool update = false, bool downweight = false, string property = "--policy")
    {
        SettingParse.Run(() => PolicyGrammar.Combine((int)kind, update, downweight, property));
        Kind = kind;
        Update = update;
        Downweight = downweight;
    }

    public PolicyKind Kind { get; }

    public bool Update { get; }

    public bool Downweight { get; }

    /// <summary>True when the ordering is random (then it depends on the seed).</summary>
    public bool IsRandom => Kind is PolicyKind.Baseline or PolicyKind.RandomProportional or PolicyKind.RandomInverse;

    /// <summary>Parses "name" or "name+update+downweight" (modifiers in any order, case-insensitive).</summary>
    public static PolicySpec Parse(string? text, string property = "--policy") =>
        SettingParse.Run(() => From(PolicyGrammar.Parse(text, property)));

    internal static PolicySpec From(PolicyValue value) => new((PolicyKind)value.Index, value.Update, value.Downweight);

    /// <summary>The canonical text form, which <see cref="Parse"/> reads back.</summary>
    public override string ToString() => new PolicyValue((int)Kind, Update, Downweight).ToString();
}
