using AugBuild.Engine.Learning;
using AugBuild.Engine.Selection;
using AugBuild.Settings;
using S = AugBuild.Settings.SettingCatalog;

namespace AugBuild.Engine.Settings;

/// <summary>Which originals are augmented, and the probe they are scored with (the catalog's Selection).</summary>
public sealed record SelectionSettings
{
    private SelectionSettings()
    {
    }

    /// <summary>Every setting at its default (the catalog's).</summary>
    public static SelectionSettings Default { get; } = From(SettingValues.Empty);

    public Budget Budget { get; init; } = Budget.Count(0);

    /// <summary>The policy with its modifiers (update, downweight).</summary>
    public PolicySpec Policy { get; init; } = new(PolicyKind.Baseline);

    /// <summary>The score the policy reads: loss or influence.</summary>
    public string Score { get; init; } = "";

    public int Seed { get; init; }

    /// <summary>A fixed C, or null to choose it by stratified 4-fold cross-validation.</summary>
    public double? C { get; init; }

    /// <summary>How the score stage computes influence (auto: exact while its Hessian fits in memory).</summary>
    public InfluenceMethod Influence { get; init; }

    internal static SelectionSettings From(SettingValues v) => new()
    {
        Budget = Budget.From(v.Parse(S.Budget, BudgetGrammar.Parse)),
        Policy = PolicySpec.From(v.Parse(S.Policy, (t, n) => PolicyGrammar.Parse(t, n, v.Flag(S.Update), v.Flag(S.Downweight)))),
        Score = v.Parse(S.Score, ChoiceGrammar.Score),
        Seed = v.Parse(S.Seed, NumberGrammar.Seed),
        C = v.Parse(S.C, NumberGrammar.C),
        Influence = InfluenceMethods.Parse(v.Parse(S.Influence, ChoiceGrammar.Influence)),
    };

    /// <summary>The settings as the command line writes them (the catalog's option names).</summary>
    internal IEnumerable<KeyValuePair<string, string?>> Texts() =>
    [
        new(S.Budget.Option, Budget.ToString()),
        new(S.Policy.Option, Policy.SettingText()),
        new(S.Score.Option, Score),
        new(S.Seed.Option, Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(S.Update.Option, Policy.Update ? "true" : "false"),
        new(S.Downweight.Option, Policy.Downweight ? "true" : "false"),
        new(S.C.Option, NumberGrammar.CText(C)),
        new(S.Influence.Option, InfluenceMethods.Name(Influence)),
    ];
}
