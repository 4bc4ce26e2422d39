using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Selection;

/// <summary>
/// A policy with its modifiers. <c>update</c> and <c>downweight</c> only combine with the score policies
/// (method.md); anything else is error <see cref="SettingErrors.ModifierNotAllowed"/>. <c>guard</c> combines with
/// every policy but vsv (<see cref="SelectionGuard"/>). The grammar is the shared <see cref="PolicyGrammar"/>.
/// </summary>
public sealed record PolicySpec
{
    /// <summary>random-power's exponent when none is written.</summary>
    public const double DefaultExponent = PolicyGrammar.DefaultExponent;

    public PolicySpec(PolicyKind kind, bool update = false, bool downweight = false, string property = "--policy",
        double? guard = null, double? exponent = null)
    {
        var value = SettingParse.Run(() => PolicyGrammar.Combine((int)kind, update, downweight, property, guard, exponent));
        Kind = kind;
        Update = update;
        Downweight = downweight;
        Guard = guard;
        Exponent = value.Exponent ?? 1;
    }

    public PolicyKind Kind { get; }

    public bool Update { get; }

    public bool Downweight { get; }

    /// <summary>
    /// The guard's share of the images removed from the top of the score before the policy draws (null: no guard);
    /// suspected label issues are removed as well (<see cref="SelectionGuard"/>).
    /// </summary>
    public double? Guard { get; }

    /// <summary>The exponent alpha of random-power's weights a_i^alpha; 1 for every other policy.</summary>
    public double Exponent { get; }

    /// <summary>True when the ordering is random (then it depends on the seed).</summary>
    public bool IsRandom => Kind is PolicyKind.Baseline or PolicyKind.RandomProportional or PolicyKind.RandomInverse or PolicyKind.RandomPower;

    /// <summary>True when the policy reads the scores: a score policy, or any policy with a guard.</summary>
    public bool ReadsScores => PolicyNames.UsesScores(Kind) || Guard is not null;

    /// <summary>
    /// Parses "name[:alpha]" followed by modifiers "+update", "+downweight", "+guard" or "+guard:share" in any order
    /// (case-insensitive), e.g. "random-power:0.5+guard:0.2".
    /// </summary>
    public static PolicySpec Parse(string? text, string property = "--policy") =>
        SettingParse.Run(() => From(PolicyGrammar.Parse(text, property)));

    internal static PolicySpec From(PolicyValue value) =>
        new((PolicyKind)value.Index, value.Update, value.Downweight, guard: value.Guard, exponent: value.Exponent);

    /// <summary>This policy with update/downweight also set when the flags ask for them (the CLI's --update/--downweight).</summary>
    public PolicySpec With(bool update, bool downweight, string property = "--policy") =>
        new(Kind, Update || update, Downweight || downweight, property, Guard, ExplicitExponent);

    /// <summary>The policy with its guard and exponent but without update and downweight (its family in the studies).</summary>
    public PolicySpec WithoutUpdateOrDownweight() => new(Kind, guard: Guard, exponent: ExplicitExponent);

    /// <summary>The canonical text form, which <see cref="Parse"/> reads back.</summary>
    public override string ToString() => Value.ToString();

    /// <summary>The policy setting's text when update and downweight travel as separate flags (response files, stamps).</summary>
    public string SettingText() => new PolicyValue((int)Kind, false, false, Guard, ExplicitExponent).ToString();

    private PolicyValue Value => new((int)Kind, Update, Downweight, Guard, ExplicitExponent);

    private double? ExplicitExponent => Kind == PolicyKind.RandomPower ? Exponent : null;
}
