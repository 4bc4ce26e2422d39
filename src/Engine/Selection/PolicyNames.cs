using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Selection;

/// <summary>The user-facing names of the policies (kebab case) and their parsing.</summary>
public static class PolicyNames
{
    /// <summary>Every valid name, in documentation order (the shared grammar's, in PolicyKind order).</summary>
    public static IReadOnlyList<string> All => PolicyGrammar.Names;

    public static string Name(PolicyKind kind) => PolicyGrammar.Names[(int)kind];

    /// <summary>Parses a policy name (case-insensitive, surrounding spaces ignored).</summary>
    public static PolicyKind Parse(string? name, string property = "--policy") =>
        SettingParse.Run(() => (PolicyKind)PolicyGrammar.ParseName(name, property));

    /// <summary>True for the policies that order by scores, the only ones the modifiers apply to.</summary>
    public static bool UsesScores(PolicyKind kind) => PolicyGrammar.UsesScores((int)kind);

    /// <summary>True for the inverse policies (small scores first).</summary>
    public static bool IsInverse(PolicyKind kind) =>
        kind is PolicyKind.DeterministicInverse or PolicyKind.RandomInverse;
}
