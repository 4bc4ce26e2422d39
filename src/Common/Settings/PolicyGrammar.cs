using System.Globalization;

namespace AugBuild.Settings;

/// <summary>
/// A policy (an index into <see cref="PolicyGrammar.Names"/>) with its modifiers: update, downweight, the guard's
/// share (null: no guard) and random-power's exponent (null: its default, or not random-power).
/// </summary>
internal readonly record struct PolicyValue(int Index, bool Update, bool Downweight, double? Guard = null, double? Exponent = null)
{
    public string Name => PolicyGrammar.Names[Index];

    /// <summary>
    /// The canonical text ("random-power:0.5+update+guard:0.2"), which <see cref="PolicyGrammar.Parse"/> reads back;
    /// a default exponent and the default guard share are not written.
    /// </summary>
    public override string ToString() => WithoutFlags() + (Update ? "+update" : "") + (Downweight ? "+downweight" : "")
        + (Guard is { } share ? "+guard" + (share == PolicyGrammar.DefaultGuardShare ? "" : ":" + PolicyGrammar.Format(share)) : "");

    /// <summary>The name with its exponent, as the policy setting is written when update and downweight travel as flags.</summary>
    public string WithoutFlags() =>
        Name + (Exponent is { } alpha && alpha != PolicyGrammar.DefaultExponent ? ":" + PolicyGrammar.Format(alpha) : "");
}

/// <summary>
/// Policy names (kebab case, case-insensitive), random-power's exponent (<c>random-power:0.5</c>) and the modifiers
/// update and downweight, which combine only with the policies that order by scores, and guard[:share], which
/// combines with every policy but vsv.
/// </summary>
internal static class PolicyGrammar
{
    /// <summary>Every valid name, in documentation order (the order of the engine's PolicyKind).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "baseline", "deterministic-proportional", "deterministic-inverse", "random-proportional", "random-inverse", "vsv",
        "random-power", "moderate",
    ];

    private const int Vsv = 5;
    private const int RandomPower = 6;

    /// <summary>random-power's exponent when none is written.</summary>
    public const double DefaultExponent = 0.25;

    /// <summary>The guard's share when none is written (docs/results.md, "The guard's default share").</summary>
    public const double DefaultGuardShare = 0.1;

    /// <summary>The policies that order by scores, the only ones update and downweight apply to.</summary>
    public static bool UsesScores(int index) => index is >= 1 and <= 4 or RandomPower or 7;

    /// <summary>A bare name ("vsv"); <paramref name="setting"/> names the setting in the message.</summary>
    public static int ParseName(string? name, string setting)
    {
        var key = (name ?? "").Trim();
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], key, StringComparison.OrdinalIgnoreCase))
                return i;
        }

        throw new SettingException(SettingErrors.UnknownPolicy, $"Unknown policy '{name}'. Set {setting} to one of: {string.Join(", ", Names)}.", setting);
    }

    /// <summary>"name[:alpha]" then "+update", "+downweight", "+guard[:share]" in any order, OR-ed with the separate flags.</summary>
    public static PolicyValue Parse(string? text, string setting, bool update = false, bool downweight = false)
    {
        var parts = (text ?? "").Split('+', StringSplitOptions.TrimEntries);
        var (name, parameter) = SplitParameter(parts[0]);
        var index = ParseName(name, setting);
        var exponent = parameter is null ? (double?)null : Number(parameter, text, SettingErrors.PolicyParameterInvalid, setting);
        double? guard = null;
        foreach (var modifier in parts.Skip(1))
        {
            var (modifierName, value) = SplitParameter(modifier);
            if (Is(modifierName, "guard"))
            {
                guard = value is null ? DefaultGuardShare : Number(value, text, SettingErrors.GuardInvalid, setting);
            }
            else if (value is null && Is(modifier, "update"))
            {
                update = true;
            }
            else if (value is null && Is(modifier, "downweight"))
            {
                downweight = true;
            }
            else
            {
                throw new SettingException(SettingErrors.UnknownModifier,
                    $"Unknown policy modifier '{modifier}' in '{text}'. Set {setting} to a policy with the modifiers update, downweight or guard[:share] (e.g. \"random-proportional+update\", \"baseline+guard:0.1\").", setting);
            }
        }

        return Combine(index, update, downweight, setting, guard, exponent);
    }

    public static PolicyValue Combine(int index, bool update, bool downweight, string setting, double? guard = null, double? exponent = null)
    {
        if ((update || downweight) && !UsesScores(index))
        {
            var modifier = update ? "update" : "downweight";
            throw new SettingException(SettingErrors.ModifierNotAllowed,
                $"The '{modifier}' modifier does not apply to policy '{Names[index]}'; it combines only with the score policies "
                + $"(deterministic-proportional, deterministic-inverse, random-proportional, random-inverse, random-power, moderate). Remove the modifier or change {setting}.",
                setting);
        }

        if (guard is { } share && (index == Vsv || !(share >= 0 && share < 1)))
        {
            throw new SettingException(SettingErrors.GuardInvalid, index == Vsv
                ? $"The 'guard' modifier does not apply to vsv, whose selection is its support vectors; use it with another policy in {setting}."
                : $"The guard's share must be a fraction in [0, 1) of the images (e.g. guard:0.1), not {Format(share)}; fix {setting}.", setting);
        }

        if (exponent is { } alpha && (index != RandomPower || !(alpha > 0) || !double.IsFinite(alpha)))
        {
            throw new SettingException(SettingErrors.PolicyParameterInvalid, index != RandomPower
                ? $"Policy '{Names[index]}' takes no parameter; only random-power does (e.g. random-power:0.25). Fix {setting}."
                : $"random-power's exponent must be a positive number (e.g. random-power:0.25), not {Format(alpha)}; fix {setting}.", setting);
        }

        return new PolicyValue(index, update, downweight, guard, index == RandomPower ? exponent ?? DefaultExponent : null);
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static (string Name, string? Value) SplitParameter(string token)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (token, null) : (token[..colon].Trim(), token[(colon + 1)..].Trim());
    }

    private static bool Is(string token, string name) => string.Equals(token, name, StringComparison.OrdinalIgnoreCase);

    private static double Number(string value, string? text, string code, string setting) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new SettingException(code, $"'{value}' in policy '{text}' is not a number (e.g. random-power:0.25, baseline+guard:0.1); fix {setting}.", setting);
}
