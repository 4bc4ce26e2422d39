using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// The smallest budget of one score and policy family whose mean accuracy is within the margin of full
/// augmentation; Budget is null when no budget below full augmentation gets there.
/// </summary>
public sealed record BudgetAdvice(string Score, string Family, string Configuration, int? Budget, double? Accuracy);

/// <summary>What each budget buys: per score and policy family, the cheapest budget that is within a margin of full augmentation.</summary>
public static class Recommendation
{
    /// <summary>The default margin: 0.5 percentage points.</summary>
    public const double DefaultMarginPoints = 0.5;

    /// <param name="marginPoints">The margin in percentage points of accuracy (0.5 = half a percent).</param>
    public static IReadOnlyList<BudgetAdvice> Build(ExperimentResult result, double marginPoints)
    {
        if (!(marginPoints >= 0) || double.IsInfinity(marginPoints))
            throw new AugBuildException(ExperimentErrors.MarginInvalid, $"--margin must be a finite number of percentage points >= 0, not {marginPoints}.", "--margin");
        var target = result.FullAugmentation - marginPoints / 100;
        var full = result.TrainCount;
        var advice = new List<BudgetAdvice>();
        foreach (var score in result.ScoreNames)
        {
            foreach (var family in result.Configurations.Where(c => c.Spec.Kind != Selection.PolicyKind.Vsv).GroupBy(c => c.Family))
            {
                // The cheapest budget of any configuration of the family; ties go to the configuration listed first.
                var cheapest = family
                    .Select(c => (Configuration: c, Point: result.Curve(c, score).Where(p => p.Budget < full).FirstOrDefault(p => p.Mean >= target)))
                    .Where(t => t.Point is not null)
                    .OrderBy(t => t.Point!.Budget)
                    .FirstOrDefault();
                advice.Add(cheapest.Point is { } point
                    ? new BudgetAdvice(score, family.Key, cheapest.Configuration.PaperLabel, point.Budget, point.Mean)
                    : new BudgetAdvice(score, family.Key, "", null, null));
            }
        }

        return advice;
    }
}
