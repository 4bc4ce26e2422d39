using System.Globalization;
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
        PolicyKind.RandomPower => $"random proportional to score^{Spec.Exponent.ToString("0.###", CultureInfo.InvariantCulture)}",
        PolicyKind.Moderate => "moderate (nearest the median first)",
        _ => "random proportional",
    } + (Spec.Update ? " update" : "") + (Spec.Downweight ? " downweight" : "")
      + (Spec.Guard is { } share ? $" guarded ({(100 * share).ToString("0.#", CultureInfo.InvariantCulture)}% tail + suspected labels removed)" : "");

    /// <summary>
    /// The policy without update/downweight, e.g. "random-proportional" or "baseline+guard"; the recommendation groups
    /// by it and the CSV tables name it in their policy column.
    /// </summary>
    public string Family => Spec.WithoutUpdateOrDownweight().ToString();

    /// <summary>Plain uniform selection, the reference every verdict compares with (a guarded baseline is not it).</summary>
    public bool IsBaseline => Spec.Kind == PolicyKind.Baseline && Spec.Guard is null;

    /// <summary>True when the ordering depends on the seed, so the study repeats it over rounds.</summary>
    public bool IsRandom => Spec.IsRandom;

    public bool UsesScores => Spec.ReadsScores;

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

    /// <summary>
    /// The policies that avoid the extreme tail of the score (not in the paper), among them the default
    /// (the settings catalog's): moderate, and baseline, random-power and random-proportional behind the guard.
    /// </summary>
    public static IReadOnlyList<PolicyConfiguration> Guarded { get; } =
    [
        .. new[] { "moderate", "baseline+guard", "baseline+guard:0.2", "random-power+guard", "random-proportional+guard" }
            .Select(p => new PolicyConfiguration(PolicySpec.Parse(p))),
    ];

    /// <summary>The paper's 11 configurations, the guarded ones, and vsv last.</summary>
    public static IReadOnlyList<PolicyConfiguration> All { get; } = [.. Paper, .. Guarded, new(new PolicySpec(PolicyKind.Vsv))];

    /// <summary>
    /// "all", "paper" (the 11 without vsv), "guarded" (baseline and the <see cref="Guarded"/> ones), or a
    /// comma-separated list of "policy[:alpha][+update][+downweight][+guard[:share]]".
    /// </summary>
    public static IReadOnlyList<PolicyConfiguration> ParseList(string? text, string property = "--policies")
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        if (trimmed.Equals("paper", StringComparison.OrdinalIgnoreCase)) return Paper;
        if (trimmed.Equals("guarded", StringComparison.OrdinalIgnoreCase)) return [Paper[0], .. Guarded];
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
