namespace AugBuild.Settings;

/// <summary>A policy (an index into <see cref="PolicyGrammar.Names"/>) with its modifiers.</summary>
internal readonly record struct PolicyValue(int Index, bool Update, bool Downweight)
{
    public string Name => PolicyGrammar.Names[Index];

    /// <summary>The canonical text ("random-proportional+update"), which <see cref="PolicyGrammar.Parse"/> reads back.</summary>
    public override string ToString() => Name + (Update ? "+update" : "") + (Downweight ? "+downweight" : "");
}

/// <summary>
/// Policy names (kebab case, case-insensitive) and the modifiers update and downweight, which combine only with
/// the four policies that order by scores.
/// </summary>
internal static class PolicyGrammar
{
    /// <summary>Every valid name, in documentation order (the order of the engine's PolicyKind).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "baseline", "deterministic-proportional", "deterministic-inverse", "random-proportional", "random-inverse", "vsv",
    ];

    /// <summary>The policies that order by scores, the only ones the modifiers apply to.</summary>
    public static bool UsesScores(int index) => index is >= 1 and <= 4;

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

    /// <summary>"name" or "name+update+downweight" (modifiers in any order), OR-ed with the separate flags.</summary>
    public static PolicyValue Parse(string? text, string setting, bool update = false, bool downweight = false)
    {
        var parts = (text ?? "").Split('+', StringSplitOptions.TrimEntries);
        var index = ParseName(parts[0], setting);
        foreach (var modifier in parts.Skip(1))
        {
            if (string.Equals(modifier, "update", StringComparison.OrdinalIgnoreCase))
            {
                update = true;
            }
            else if (string.Equals(modifier, "downweight", StringComparison.OrdinalIgnoreCase))
            {
                downweight = true;
            }
            else
            {
                throw new SettingException(SettingErrors.UnknownModifier,
                    $"Unknown policy modifier '{modifier}' in '{text}'. Set {setting} to a policy with the modifiers update or downweight (e.g. \"random-proportional+update\").", setting);
            }
        }

        return Combine(index, update, downweight, setting);
    }

    public static PolicyValue Combine(int index, bool update, bool downweight, string setting)
    {
        if ((update || downweight) && !UsesScores(index))
        {
            var modifier = update ? "update" : "downweight";
            throw new SettingException(SettingErrors.ModifierNotAllowed,
                $"The '{modifier}' modifier does not apply to policy '{Names[index]}'; it combines only with "
                + $"deterministic-proportional, deterministic-inverse, random-proportional and random-inverse. Remove the modifier or change {setting}.",
                setting);
        }

        return new PolicyValue(index, update, downweight);
    }
}
