namespace AugBuild.Engine.Experiments;

/// <summary>A row of the Table-1-shaped summary: accuracies at the budgets nearest 5%, 10% and 25% of n.</summary>
public sealed record SummaryRow(string Label, IReadOnlyList<double> Accuracies);

/// <summary>The paper's Table 1 for one score: no augmentation, baseline and the best policy at 5/10/25%, full augmentation.</summary>
public sealed record SummaryTable(string Score, IReadOnlyList<int> Budgets, double NoAugmentation, SummaryRow Baseline, SummaryRow Best, double FullAugmentation);

/// <summary>Builds the Table-1-shaped summaries.</summary>
public static class PaperSummary
{
    public static readonly IReadOnlyList<double> Fractions = [0.05, 0.10, 0.25];

    /// <summary>
    /// The grid budget nearest to each fraction of n (the paper's grid holds 50, 100 and 250 for n = 1000), each
    /// once (0 is the no-augmentation row): on a coarse grid two fractions can land on one budget, which is then one column, not two equal ones.
    /// </summary>
    public static IReadOnlyList<int> Budgets(ExperimentResult result) =>
        Fractions.Select(f => result.Budgets.Where(b => b > 0).MinBy(b => Math.Abs(b - f * result.TrainCount))).Distinct().ToList();

    /// <summary>
    /// One table per score; "best" is the score-based configuration with the highest mean AUC. Null when the study
    /// ran no baseline or no score-based configuration.
    /// </summary>
    public static SummaryTable? Table(ExperimentResult result, string score)
    {
        var budgets = Budgets(result);
        var baseline = result.Configurations.FirstOrDefault(c => c.IsBaseline);
        var best = result.Aucs.Where(a => a.Score == score && a.Configuration.UsesScores).MaxBy(a => a.Mean);
        if (baseline is null || best is null) return null;
        return new SummaryTable(score, budgets, result.NoAugmentation,
            new SummaryRow("baseline (random)", At(result, baseline, score, budgets)),
            new SummaryRow(best.Configuration.PaperLabel, At(result, best.Configuration, score, budgets)),
            result.FullAugmentation);
    }

    private static IReadOnlyList<double> At(ExperimentResult result, PolicyConfiguration configuration, string score, IReadOnlyList<int> budgets)
    {
        var curve = result.Curve(configuration, score);
        return budgets.Select(b => curve.First(p => p.Budget == b).Mean).ToList();
    }
}
