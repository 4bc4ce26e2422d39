using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>The user-facing names of the policies (kebab case) and their parsing.</summary>
public static class PolicyNames
{
    private static readonly (string Name, PolicyKind Kind)[] Table =
    [
        ("baseline", PolicyKind.Baseline),
        ("deterministic-proportional", PolicyKind.DeterministicProportional),
        ("deterministic-inverse", PolicyKind.DeterministicInverse),
        ("random-proportional", PolicyKind.RandomProportional),
        ("random-inverse", PolicyKind.RandomInverse),
        ("vsv", PolicyKind.Vsv),
    ];

    /// <summary>Every valid name, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = Table.Select(t => t.Name).ToArray();

    public static string Name(PolicyKind kind) =>
        Table.First(t => t.Kind == kind).Name;

    /// <summary>Parses a policy name (case-insensitive, surrounding spaces ignored).</summary>
    public static PolicyKind Parse(string? name, string property = "Policy")
    {
        var key = (name ?? "").Trim();
        foreach (var (n, kind) in Table)
            if (string.Equals(n, key, StringComparison.OrdinalIgnoreCase))
                return kind;
        throw new AugBuildException(SelectionErrors.UnknownPolicy,
            $"Unknown policy '{name}'. Set {property} to one of: {string.Join(", ", All)}.", property);
    }

    /// <summary>True for the policies that order by scores, the only ones the modifiers apply to.</summary>
    public static bool UsesScores(PolicyKind kind) =>
        kind is PolicyKind.DeterministicProportional or PolicyKind.DeterministicInverse
            or PolicyKind.RandomProportional or PolicyKind.RandomInverse;

    /// <summary>True for the inverse policies (small scores first).</summary>
    public static bool IsInverse(PolicyKind kind) =>
        kind is PolicyKind.DeterministicInverse or PolicyKind.RandomInverse;
}
