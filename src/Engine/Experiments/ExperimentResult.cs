using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Experiments;

/// <summary>Test accuracy of one configuration, score and round at one budget.</summary>
public sealed record AccuracyRecord(PolicyConfiguration Configuration, string Score, int Round, int Budget, double Accuracy);

/// <summary>Mean and sample std over rounds of one configuration's AUC under one score.</summary>
public sealed record AucRecord(PolicyConfiguration Configuration, string Score, double Mean, double Std, int Rounds);

/// <summary>The vsv policy's single point: its support-vector count and the accuracy when augmenting them.</summary>
public sealed record VsvPoint(int SupportVectors, double Accuracy);

/// <summary>Mean and std of a curve at each budget.</summary>
public sealed record CurvePoint(int Budget, double Mean, double Std);

/// <summary>Everything a study measured.</summary>
public sealed record ExperimentResult
{
    public required int[] Budgets { get; init; }

    public required double C { get; init; }

    public required int TrainCount { get; init; }

    public required int TestCount { get; init; }

    public required int CopiesPerImage { get; init; }

    public required IReadOnlyList<AccuracyRecord> Accuracies { get; init; }

    public required IReadOnlyList<AucRecord> Aucs { get; init; }

    /// <summary>Scores of the originals under the model fitted on them, by score name.</summary>
    public required IReadOnlyDictionary<string, double[]> Scores { get; init; }

    public VsvPoint? Vsv { get; init; }

    /// <summary>Accuracy with no image augmented.</summary>
    public required double NoAugmentation { get; init; }

    /// <summary>Accuracy with every original augmented (weights 1).</summary>
    public required double FullAugmentation { get; init; }

    /// <summary>The configurations that ran (vsv included when it did).</summary>
    public required IReadOnlyList<PolicyConfiguration> Configurations { get; init; }

    public required IReadOnlyList<string> ScoreNames { get; init; }

    /// <summary>The originals' out-of-fold probabilities (cross-validation at C): the label flag and the verdict's diagnosis.</summary>
    public OutOfFold OutOfFold { get; init; } = OutOfFold.Empty;

    /// <summary>Mean and std over rounds at each budget for one configuration and score.</summary>
    public IReadOnlyList<CurvePoint> Curve(PolicyConfiguration configuration, string score) =>
        Accuracies.Where(a => a.Configuration == configuration && a.Score == score)
            .GroupBy(a => a.Budget)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var values = g.OrderBy(a => a.Round).Select(a => a.Accuracy).ToList();
                return new CurvePoint(g.Key, Statistics.Mean(values), Statistics.SampleStd(values));
            })
            .ToList();
}
