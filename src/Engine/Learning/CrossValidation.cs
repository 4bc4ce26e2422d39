using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>The outcome of choosing C: the grid in the order given and each value's mean held-out score.</summary>
public sealed record CvResult(double BestC, IReadOnlyList<double> Grid, IReadOnlyList<double> MeanScores)
{
    /// <summary>The mean held-out score of <see cref="BestC"/>.</summary>
    public double BestScore => MeanScores[Grid.ToList().IndexOf(BestC)];

    /// <summary>
    /// Each row's class probabilities (n x K, row-major) from the fold fit at <see cref="BestC"/> that did not see it,
    /// and the fold that held it out (row-aligned with the data given to ChooseC): confident learning's input (see
    /// <see cref="OutOfFold"/>). A by-product of the CV fits; nothing is refitted.
    /// </summary>
    public OutOfFold OutOfFold { get; init; } = OutOfFold.Empty;
}

/// <summary>
/// Chooses C by stratified k-fold cross-validation (method.md). Criterion: the mean over folds of the held-out
/// weighted accuracy (sum of weights of correct rows / sum of weights; plain accuracy with unit weights).
/// Ties (scores within 1e-12) go to the smaller C, the stronger regularisation. Folds run in parallel, each on one
/// thread, fitting the grid in ascending C so that every fit warm-starts from the more regularised solution.
/// </summary>
public static class CrossValidation
{
    public static readonly IReadOnlyList<double> DefaultGrid = [0.01, 0.1, 1, 10, 100];

    /// <summary>The progress stage of the CV fits (unit: fits, folds x grid values in all).</summary>
    public const string ProgressStage = "cross-validation";

    private const double TieTolerance = 1e-12;

    public static CvResult ChooseC(TrainingSet data, IReadOnlyList<double>? grid = null, int folds = 4, int seed = 0)
        => ChooseC(data, grid, folds, seed, options: null);

    /// <summary>As above, folds dealt by a seeded shuffle of row indices; options set the reporter and tolerances of the inner fits.</summary>
    public static CvResult ChooseC(TrainingSet data, IReadOnlyList<double>? grid, int folds, int seed, FitOptions? options)
    {
        ArgumentNullException.ThrowIfNull(data);
        grid = CheckGrid(grid);
        return Choose(data, StratifiedFolds.Assign(data.Labels, data.ClassCount, folds, seed), grid, folds, options);
    }

    /// <summary>
    /// As above with folds from each row's content key (e.g. the image file's hash): stratified, and the same
    /// whatever the rows' names or order, so renaming or reordering images changes neither folds nor C.
    /// </summary>
    public static CvResult ChooseC(TrainingSet data, IReadOnlyList<string> rowKeys, IReadOnlyList<double>? grid = null, int folds = 4,
        int seed = 0, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rowKeys);
        grid = CheckGrid(grid);
        return Choose(data, StratifiedFolds.AssignByKey(data.Labels, rowKeys, data.ClassCount, folds, seed), grid, folds, options);
    }

    private static IReadOnlyList<double> CheckGrid(IReadOnlyList<double>? grid)
    {
        grid ??= DefaultGrid;
        if (grid.Count == 0 || grid.Any(c => !(c > 0) || double.IsInfinity(c)))
        {
            throw new ArgumentException($"The C grid [{string.Join(", ", grid)}] must hold at least one positive finite value.", nameof(grid));
        }

        return grid;
    }

    private static CvResult Choose(TrainingSet data, int[] assignment, IReadOnlyList<double> grid, int folds, FitOptions? options)
    {
        options ??= new FitOptions();
        var inner = options with { Parallel = false, ProgressStage = null };
        var order = Enumerable.Range(0, grid.Count).OrderBy(i => grid[i]).ToArray();
        var accuracy = new double[folds, grid.Count];
        // The held-out probabilities of every grid value are kept (n x K each) so the best C's come at no extra fit.
        var heldOut = grid.Select(_ => new double[data.Count * data.ClassCount]).ToArray();
        long done = 0, total = (long)folds * grid.Count;
        int k = data.ClassCount;

        void Fold(int f)
        {
            var testRows = Enumerable.Range(0, data.Count).Where(i => assignment[i] == f).ToArray();
            var train = data.Subset(Enumerable.Range(0, data.Count).Where(i => assignment[i] != f).ToArray());
            var test = data.Subset(testRows);
            double[]? start = null;
            foreach (int g in order)
            {
                var model = SoftmaxRegression.Fit(train, grid[g], inner with { InitialParameters = start });
                start = model.Parameters;
                accuracy[f, g] = model.WeightedAccuracy(test);
                // Folds hold disjoint rows, so parallel folds write disjoint parts of the buffer.
                var (probs, _) = SoftmaxObjective.Evaluate(model.Parameters, test, parallel: false);
                for (int r = 0; r < testRows.Length; r++) probs.AsSpan(r * k, k).CopyTo(heldOut[g].AsSpan(testRows[r] * k, k));
                options.Reporter.Progress(ProgressStage, Interlocked.Increment(ref done), total, ProgressUnits.Fits);
            }
        }

        // One fold per thread with single-threaded kernels: no fold's numbers depend on the thread count.
        Parallel.For(0, folds, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel ? Environment.ProcessorCount : 1 }, Fold);

        var means = new double[grid.Count];
        for (int g = 0; g < grid.Count; g++)
        {
            for (int f = 0; f < folds; f++) means[g] += accuracy[f, g];
            means[g] /= folds;
        }

        int best = order[0];
        foreach (int g in order)
        {
            if (means[g] > means[best] + TieTolerance) best = g;
        }

        var outOfFold = new OutOfFold(heldOut[best], data.Labels, data.ClassCount, assignment);
        return new CvResult(grid[best], grid.ToArray(), means) { OutOfFold = outOfFold };
    }

    /// <summary>
    /// Out-of-fold probabilities at one fixed C (stratified k-fold, one fit per fold): for callers that fixed C and
    /// still need each row's held-out probabilities (the guard's label flag, the experiment's diagnosis).
    /// </summary>
    public static OutOfFold OutOfFoldAt(TrainingSet data, double c, int folds = 4, int seed = 0, FitOptions? options = null) =>
        ChooseC(data, [c], folds, seed, options).OutOfFold;
}
