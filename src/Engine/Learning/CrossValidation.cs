using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>The outcome of choosing C: the grid in the order given and each value's mean held-out score.</summary>
public sealed record CvResult(double BestC, IReadOnlyList<double> Grid, IReadOnlyList<double> MeanScores)
{
    /// <summary>The mean held-out score of <see cref="BestC"/>.</summary>
    public double BestScore => MeanScores[Grid.ToList().IndexOf(BestC)];
}

/// <summary>
/// Chooses C by stratified k-fold cross-validation (method.md). Criterion: the mean over folds of the held-out
/// weighted accuracy (sum of weights of correct rows / sum of weights; plain accuracy with unit weights).
/// Ties (scores within 1e-12) go to the smaller C, the stronger regularisation.
/// </summary>
public static class CrossValidation
{
    public static readonly IReadOnlyList<double> DefaultGrid = [0.01, 0.1, 1, 10, 100];

    private const double TieTolerance = 1e-12;

    public static CvResult ChooseC(TrainingSet data, IReadOnlyList<double>? grid = null, int folds = 4, int seed = 0)
        => ChooseC(data, grid, folds, seed, options: null);

    /// <summary>As above; options set the reporter and tolerances of the inner fits.</summary>
    public static CvResult ChooseC(TrainingSet data, IReadOnlyList<double>? grid, int folds, int seed, FitOptions? options)
    {
        ArgumentNullException.ThrowIfNull(data);
        grid ??= DefaultGrid;
        if (grid.Count == 0 || grid.Any(c => !(c > 0) || double.IsInfinity(c)))
            throw new ArgumentException($"The C grid [{string.Join(", ", grid)}] must hold at least one positive finite value.", nameof(grid));
        var assignment = StratifiedFolds.Assign(data.Labels, data.ClassCount, folds, seed);
        options ??= new FitOptions();

        // Each fold fits the grid in ascending C, so every fit warm-starts from the more regularised solution before it.
        var order = Enumerable.Range(0, grid.Count).OrderBy(i => grid[i]).ToArray();
        var sums = new double[grid.Count];
        for (int f = 0; f < folds; f++)
        {
            var train = data.Subset(Enumerable.Range(0, data.Count).Where(i => assignment[i] != f).ToArray());
            var test = data.Subset(Enumerable.Range(0, data.Count).Where(i => assignment[i] == f).ToArray());
            double[]? start = null;
            foreach (int g in order)
            {
                var model = SoftmaxRegression.Fit(train, grid[g], options with { InitialParameters = start });
                start = model.Parameters;
                sums[g] += model.WeightedAccuracy(test);
            }
        }

        var means = sums.Select(s => s / folds).ToArray();
        int best = order[0];
        foreach (int g in order)
        {
            if (means[g] > means[best] + TieTolerance) best = g;
        }

        return new CvResult(grid[best], grid.ToArray(), means);
    }
}
