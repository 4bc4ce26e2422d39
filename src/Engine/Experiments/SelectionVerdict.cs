using System.Globalization;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// Whether choosing images by one score beats choosing them at random on this data: the score-based configuration
/// with the best mean accuracy over the budget range (non-zero budgets up to 25% of n) against baseline, and both at
/// the budget nearest 10% of n. It beats random only when it is ahead on average by more than the round-to-round
/// spread and also ahead at that budget, so the verdict never says "beats" next to a loss at the budget it names.
/// </summary>
/// <param name="Configuration">The best score-based configuration, as the paper labels it.</param>
/// <param name="Mean">Its mean accuracy over the budget range (fraction), mean over rounds.</param>
/// <param name="Std">Sample std over rounds of its per-round mean (0 for a deterministic configuration).</param>
/// <param name="Budget">The budget nearest 10% of n, where the accuracies are compared.</param>
public sealed record SelectionVerdict(
    string Score,
    string Configuration,
    double Mean,
    double Std,
    double BaselineMean,
    double BaselineStd,
    int Budget,
    double Accuracy,
    double BaselineAccuracy)
{
    /// <summary>Share of n up to which the budget range runs.</summary>
    public const double RangeShare = 0.25;

    /// <summary>Mean accuracy gained over random selection (fraction; negative: it loses).</summary>
    public double Margin => Mean - BaselineMean;

    /// <summary>Ahead on average by more than the round-to-round spread of either, so not noise of the random draws.</summary>
    public bool AheadOnAverage => Margin > Math.Max(Std, BaselineStd);

    public bool AheadAtBudget => Accuracy > BaselineAccuracy;

    public bool BeatsBaseline => AheadOnAverage && AheadAtBudget;

    /// <summary>One sentence with the numbers, for the console and the report.</summary>
    public string Sentence()
    {
        var verdict = BeatsBaseline ? "beats random selection"
            : AheadOnAverage ? $"is ahead of random selection on average but behind it at {Budget} images, so it does not beat it"
            : "does not beat random selection";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Score}: {Configuration} {verdict}: mean accuracy over budgets up to {100 * RangeShare:0}% {Pct(Mean)} vs {Pct(BaselineMean)} +- {100 * BaselineStd:0.00} ({Points(Margin)} points); at {Budget} images {Pct(Accuracy)} vs {Pct(BaselineAccuracy)} ({Points(Accuracy - BaselineAccuracy)})");
    }

    /// <summary>The non-zero budgets up to 25% of n (all non-zero budgets when none is that small).</summary>
    public static int[] Range(ExperimentResult result)
    {
        var nonZero = result.Budgets.Where(b => b > 0).ToArray();
        var range = nonZero.Where(b => b <= RangeShare * result.TrainCount + 1e-9).ToArray();
        return range.Length > 0 ? range : nonZero;
    }

    /// <summary>Per-round mean accuracy over <see cref="Range"/> of one configuration and score.</summary>
    public static IReadOnlyList<double> RoundMeans(ExperimentResult result, PolicyConfiguration configuration, string score)
    {
        var range = Range(result).ToHashSet();
        return result.Accuracies.Where(a => a.Configuration == configuration && a.Score == score && range.Contains(a.Budget))
            .GroupBy(a => a.Round).OrderBy(g => g.Key).Select(g => Statistics.Mean(g.Select(a => a.Accuracy).ToList())).ToList();
    }

    public static IReadOnlyList<SelectionVerdict> Build(ExperimentResult result)
    {
        var verdicts = new List<SelectionVerdict>();
        var ten = result.Budgets.MinBy(b => Math.Abs(b - 0.1 * result.TrainCount));
        var baseline = result.Configurations.FirstOrDefault(c => c.IsBaseline);
        if (baseline is null)
            return verdicts;
        foreach (var score in result.ScoreNames)
        {
            var candidates = result.Configurations.Where(c => c.UsesScores && result.Accuracies.Any(a => a.Configuration == c && a.Score == score))
                .Select(c => (Configuration: c, Means: RoundMeans(result, c, score))).ToList();
            if (candidates.Count == 0)
                continue;
            var best = candidates.MaxBy(c => Statistics.Mean(c.Means));
            var baseMeans = RoundMeans(result, baseline, score);
            verdicts.Add(new SelectionVerdict(
                score,
                best.Configuration.PaperLabel,
                Statistics.Mean(best.Means),
                Spread(best.Means),
                Statistics.Mean(baseMeans),
                Spread(baseMeans),
                ten,
                At(result, best.Configuration, score, ten),
                At(result, baseline, score, ten)));
        }

        return verdicts;
    }

    private static double Spread(IReadOnlyList<double> values) => values.Count < 2 ? 0 : Statistics.SampleStd(values);

    private static double At(ExperimentResult result, PolicyConfiguration configuration, string score, int budget) =>
        result.Curve(configuration, score).First(p => p.Budget == budget).Mean;

    private static string Pct(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Points(double fraction) => (100 * fraction).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
}
