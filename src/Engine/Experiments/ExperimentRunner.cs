using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// Runs the paper's evaluation protocol (method.md) on features: for each policy configuration, score and round,
/// one ordering of all originals (update rescoring at the budget grid), and at each budget the accuracy on the
/// augmented test set of the probe trained on the originals plus the copies of the first m points of that ordering.
/// </summary>
public static class ExperimentRunner
{
    public static ExperimentResult Run(ExperimentFeatures features, ExperimentOptions options, IReporter reporter, CancellationToken cancellationToken = default)
    {
        features.Validate();
        Check(options);
        var n = features.TrainCount;
        var budgets = BudgetGrid.Resolve(options.Budgets, n);
        var originals = TrainingSet.FromFloats(features.TrainRows, features.TrainLabels, features.ClassCount);
        var (c, outOfFold) = ChooseC(originals, options, reporter);
        var suspects = outOfFold.SuspectLabels();
        var test = TrainingSet.FromFloats(features.TestRows, features.TestLabels, features.ClassCount);
        var fits = new AugmentedFits(features, test, c);

        var initialScores = options.Scores.ToDictionary(s => s, s => fits.Scores([], false, s));
        var curves = options.Policies.Where(p => p.Spec.Kind != PolicyKind.Vsv).ToList();
        var runs = (from configuration in curves
                    from score in options.Scores
                    from round in Enumerable.Range(0, configuration.IsRandom ? options.Rounds : 1)
                    select new RunKey(configuration, score, round)).ToList();
        reporter.Info($"experiment: {RunCount.Describe(curves, options.Scores.Count, options.Rounds, runs.Count)} over budgets {string.Join(",", budgets)} (n = {n}, {features.TestRows.Count} test rows, C = {c:g})");

        var accuracies = new double[runs.Count][];
        using var journal = options.JournalPath is { } journalPath ? ExperimentJournal.Open(journalPath, ExperimentJournal.Stamp(features, options, budgets)) : null;
        var pending = new List<int>();
        for (var r = 0; r < runs.Count; r++)
        {
            if (journal is null || !journal.TryGet(runs[r].Name, budgets.Length, out accuracies[r]))
                pending.Add(r);
        }
        if (pending.Count < runs.Count)
            reporter.Info($"experiment: resumed {runs.Count - pending.Count} of {runs.Count} runs from {options.JournalPath}");

        var done = 0;
        var gate = new object();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism), CancellationToken = cancellationToken };
        Parallel.ForEach(pending, parallel, r =>
        {
            accuracies[r] = Evaluate(runs[r], features, budgets, initialScores[runs[r].Score], suspects, options.Seed, fits);
            journal?.Record(runs[r].Name, accuracies[r]);
            var finished = Interlocked.Increment(ref done);
            lock (gate) reporter.Progress("experiment", finished, pending.Count, ProgressUnits.Runs);
        });

        var records = new List<AccuracyRecord>();
        for (var r = 0; r < runs.Count; r++)
        {
            for (var b = 0; b < budgets.Length; b++)
                records.Add(new AccuracyRecord(runs[r].Configuration, runs[r].Score, runs[r].Round, budgets[b], accuracies[r][b]));
        }

        var aucs = (from configuration in curves
                    from score in options.Scores
                    let areas = Enumerable.Range(0, runs.Count)
                        .Where(r => runs[r].Configuration == configuration && runs[r].Score == score)
                        .Select(r => AreaUnderCurve.Trapezoid(budgets, accuracies[r])).ToList()
                    select new AucRecord(configuration, score, Statistics.Mean(areas), Statistics.SampleStd(areas), areas.Count)).ToList();

        var vsvConfiguration = options.Policies.FirstOrDefault(p => p.Spec.Kind == PolicyKind.Vsv);
        var vsv = vsvConfiguration is null ? null : RunVsv(features, originals, fits, reporter);
        reporter.Info($"experiment: {fits.FitCount} distinct fits");
        return new ExperimentResult
        {
            Budgets = budgets,
            C = c,
            TrainCount = n,
            TestCount = features.TestRows.Count,
            CopiesPerImage = features.CopiesPerImage,
            Accuracies = records,
            Aucs = aucs,
            Scores = initialScores,
            Vsv = vsv,
            NoAugmentation = fits.Accuracy([], false),
            FullAugmentation = fits.Accuracy(Enumerable.Range(0, n), false),
            Configurations = vsvConfiguration is null ? curves : [.. curves, vsvConfiguration],
            ScoreNames = options.Scores,
            OutOfFold = outOfFold,
        };
    }

    /// <summary>Round r of every random configuration uses seed + r, so rounds are reproducible and distinct.</summary>
    public static long SeedOf(long seed, int round) => seed + round;

    private static double[] Evaluate(RunKey run, ExperimentFeatures features, int[] budgets, double[] scores, bool[] suspects, long seed, AugmentedFits fits)
    {
        var spec = run.Configuration.Spec;
        var selection = Selector.Select(new SelectionRequest
        {
            Policy = spec,
            PointCount = features.TrainCount,
            Budget = budgets[^1],
            Scores = scores,
            SuspectLabels = suspects,
            Seed = SeedOf(seed, run.Round),
            Checkpoints = budgets,
            CopiesPerPoint = features.CopiesPerImage,
            Rescore = spec.Update ? augmented => fits.Scores(augmented, spec.Downweight, run.Score) : null,
        });
        return budgets.Select(b => fits.Accuracy(selection.Order.Take(b), spec.Downweight)).ToArray();
    }

    private static VsvPoint RunVsv(ExperimentFeatures features, TrainingSet originals, AugmentedFits fits, IReporter reporter)
    {
        var selection = Selector.Select(new SelectionRequest
        {
            Policy = new PolicySpec(PolicyKind.Vsv),
            PointCount = features.TrainCount,
            Budget = 0,
            Features = originals.Features.ToArray(),
            Dimension = originals.Dimension,
            Labels = features.TrainLabels,
            ClassCount = features.ClassCount,
        });
        var point = new VsvPoint(selection.Budget, fits.Accuracy(selection.Order.Take(selection.Budget), false));
        reporter.Info($"experiment: vsv augments its {point.SupportVectors} support vectors: accuracy {point.Accuracy:P2}");
        return point;
    }

    /// <summary>
    /// C and the originals' out-of-fold probabilities: from the C grid's cross-validation, or, when C is fixed, from a
    /// 4-fold cross-validation at that C only (4 fits), which the guard's label flag and the verdict's diagnosis need.
    /// </summary>
    private static (double C, OutOfFold OutOfFold) ChooseC(TrainingSet originals, ExperimentOptions options, IReporter reporter)
    {
        var seed = unchecked((int)options.Seed);
        if (options.C is { } fixedC)
            return (fixedC, CrossValidation.OutOfFoldAt(originals, fixedC, seed: seed));
        var cv = CrossValidation.ChooseC(originals, seed: seed);
        reporter.Info($"experiment: C = {cv.BestC:g} by 4-fold cross-validation on the originals");
        return (cv.BestC, cv.OutOfFold);
    }

    private static void Check(ExperimentOptions options)
    {
        if (options.Rounds < 1)
            throw new AugBuildException(ExperimentErrors.RoundsInvalid, $"--rounds must be at least 1, not {options.Rounds}.", "--rounds");
        foreach (var score in options.Scores)
        {
            if (score is not ("loss" or "influence"))
                throw new AugBuildException(ExperimentErrors.ScoreInvalid, $"Unknown score '{score}'; use loss and/or influence.", "--score");
        }

        if (options.Scores.Count == 0 || options.Scores.Distinct().Count() != options.Scores.Count)
            throw new AugBuildException(ExperimentErrors.ScoreInvalid, "Give --score loss and/or influence, each once.", "--score");
        if (options.Policies.Count == 0)
            throw new AugBuildException(ExperimentErrors.PolicyListInvalid, "The policy list is empty; give --policies all, paper or a list.", "--policies");
    }

    private sealed record RunKey(PolicyConfiguration Configuration, string Score, int Round)
    {
        public string Name => $"{Configuration.Name}|{Score}|{Round}";
    }
}
