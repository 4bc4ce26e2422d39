using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>
/// A policy with its modifiers. <c>update</c> and <c>downweight</c> only combine with the
/// proportional/inverse policies (method.md); anything else is error <see cref="SelectionErrors.ModifierNotAllowed"/>.
/// </summary>
public sealed record PolicySpec
{
    public PolicySpec(PolicyKind kind, bool update = false, bool downweight = false, string property = "Policy")
    {
        if ((update || downweight) && !PolicyNames.UsesScores(kind))
        {
            var modifier = update ? "update" : "downweight";
            throw new AugBuildException(SelectionErrors.ModifierNotAllowed,
                $"The '{modifier}' modifier does not apply to policy '{PolicyNames.Name(kind)}'; it combines only with "
                + "deterministic-proportional, deterministic-inverse, random-proportional and random-inverse. Remove the modifier or change the policy.",
                property);
        }

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
    public static PolicySpec Parse(string? text, string property = "Policy")
    {
        var parts = (text ?? "").Split('+', StringSplitOptions.TrimEntries);
        var kind = PolicyNames.Parse(parts[0], property);
        bool update = false, downweight = false;
        foreach (var modifier in parts.Skip(1))
        {
            if (string.Equals(modifier, "update", StringComparison.OrdinalIgnoreCase)) update = true;
            else if (string.Equals(modifier, "downweight", StringComparison.OrdinalIgnoreCase)) downweight = true;
            else
                throw new AugBuildException(SelectionErrors.UnknownModifier,
                    $"Unknown policy modifier '{modifier}' in '{text}'. Valid modifiers: update, downweight (e.g. \"random-proportional+update\").",
                    property);
        }

        return new PolicySpec(kind, update, downweight, property);
    }

    /// <summary>The canonical text form, which <see cref="Parse"/> reads back.</summary>
    public override string ToString() =>
        PolicyNames.Name(Kind) + (Update ? "+update" : "") + (Downweight ? "+downweight" : "");
}
