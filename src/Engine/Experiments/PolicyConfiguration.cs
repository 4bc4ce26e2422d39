using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Experiments;

/// <summary>One curve of the study: a policy with its modifiers, named as in the paper's AUC tables (appendix D).</summary>
public sealed record PolicyConfiguration(PolicySpec Spec)
{
    /// <summary>The CLI form, e.g. "random-proportional+update+downweight".</summary>
    public string Name => Spec.ToString();

    /// <summary>The paper's label, e.g. "random proportional update downweight".</summary>
    public string PaperLabel => Spec.Kind switch
    {
        PolicyKind.Baseline => "baseline",
        PolicyKind.Vsv => "vsv",
        PolicyKind.DeterministicInverse => "deterministic inverse proportional",
        PolicyKind.RandomInverse => "random inverse proportional",
        PolicyKind.DeterministicProportional => "deterministic proportional",
        _ => "random proportional",
    } + (Spec.Update ? " update" : "") + (Spec.Downweight ? " downweight" : "");

    /// <summary>The policy without its modifiers, e.g. "random-proportional"; the recommendation groups by it.</summary>
    public string Family => PolicyNames.Name(Spec.Kind);

    /// <summary>True when the ordering depends on the seed, so the study repeats it over rounds.</summary>
    public bool IsRandom => Spec.IsRandom;

    public bool UsesScores => PolicyNames.UsesScores(Spec.Kind);

    /// <summary>
    /// The 11 configurations of the paper's AUC tables: baseline; deterministic and random proportional, each
    /// plain, with update, with downweight and with both; deterministic and random inverse proportional.
    /// </summary>
    public static IReadOnlyList<PolicyConfiguration> Paper { get; } =
    [
        new(new PolicySpec(PolicyKind.Baseline)),
        .. Modified(PolicyKind.DeterministicProportional),
        .. Modified(PolicyKind.RandomProportional),
        new(new PolicySpec(PolicyKind.DeterministicInverse)),
        new(new PolicySpec(PolicyKind.RandomInverse)),
    ];

    /// <summary>The paper's 11 configurations plus vsv.</summary>
    public static IReadOnlyList<PolicyConfiguration> All { get; } = [.. Paper, new(new PolicySpec(PolicyKind.Vsv))];

    /// <summary>"all", "paper" (the 11 without vsv), or a comma-separated list of "policy[+update][+downweight]".</summary>
    public static IReadOnlyList<PolicyConfiguration> ParseList(string? text, string property = "--policies")
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        if (trimmed.Equals("paper", StringComparison.OrdinalIgnoreCase)) return Paper;
        var list = new List<PolicyConfiguration>();
        foreach (var token in trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var configuration = new PolicyConfiguration(PolicySpec.Parse(token, property));
            if (list.Contains(configuration))
            {
                throw new AugBuildException(ExperimentErrors.PolicyListInvalid,
                    $"Policy '{configuration.Name}' is listed twice in '{text}'; list each configuration once.", property);
            }

            list.Add(configuration);
        }

        return list;
    }

    private static IEnumerable<PolicyConfiguration> Modified(PolicyKind kind) =>
    [
        new(new PolicySpec(kind)),
        new(new PolicySpec(kind, update: true)),
        new(new PolicySpec(kind, downweight: true)),
        new(new PolicySpec(kind, update: true, downweight: true)),
    ];
}
