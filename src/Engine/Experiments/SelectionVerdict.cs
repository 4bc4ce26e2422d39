using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// Whether choosing images by one score beats choosing them at random on this data: the score-based configuration
/// with the best AUC against baseline, and both at the budget nearest 10% of n.
/// </summary>
/// <param name="Configuration">The best score-based configuration, as the paper labels it.</param>
/// <param name="AucStd">Its AUC's sample std over rounds (0 for a deterministic configuration).</param>
/// <param name="Budget">The budget nearest 10% of n, where the accuracies are compared.</param>
public sealed record SelectionVerdict(
    string Score,
    string Configuration,
    double Auc,
    double AucStd,
    double BaselineAuc,
    double BaselineStd,
    int Budget,
    double Accuracy,
    double BaselineAccuracy)
{
    /// <summary>AUC points the best score-based configuration gains over random selection (negative: it loses).</summary>
    public double Margin => Auc - BaselineAuc;

    /// <summary>The gain exceeds the round-to-round spread of both AUCs, so it is not noise of the random draws.</summary>
    public bool BeatsBaseline => Margin > Math.Max(AucStd, BaselineStd);

    public static IReadOnlyList<SelectionVerdict> Build(ExperimentResult result)
    {
        var verdicts = new List<SelectionVerdict>();
        var ten = result.Budgets.MinBy(b => Math.Abs(b - 0.1 * result.TrainCount));
        foreach (var score in result.ScoreNames)
        {
            var aucs = result.Aucs.Where(a => a.Score == score).ToList();
            var baseline = aucs.FirstOrDefault(a => a.Configuration.Spec.Kind == PolicyKind.Baseline);
            var best = aucs.Where(a => a.Configuration.UsesScores).MaxBy(a => a.Mean);
            if (baseline is null || best is null)
                continue;
            verdicts.Add(new SelectionVerdict(
                score,
                best.Configuration.PaperLabel,
                best.Mean,
                Spread(best.Std),
                baseline.Mean,
                Spread(baseline.Std),
                ten,
                At(result, best.Configuration, score, ten),
                At(result, baseline.Configuration, score, ten)));
        }

        return verdicts;
    }

    private static double Spread(double std) => double.IsNaN(std) ? 0 : std;

    private static double At(ExperimentResult result, PolicyConfiguration configuration, string score, int budget) =>
        result.Curve(configuration, score).First(p => p.Budget == budget).Mean;
}
