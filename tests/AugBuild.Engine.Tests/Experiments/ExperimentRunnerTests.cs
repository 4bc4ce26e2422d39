using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Experiments;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Tests.Experiments;

public sealed class ExperimentRunnerTests
{
    private static readonly int[] Grid = [0, 2, 5, 10, 20, 50, 100];

    private static ExperimentOptions Options(int threads = 2, long seed = 11, IReadOnlyList<PolicyConfiguration>? policies = null) => new()
    {
        Budgets = Grid,
        Rounds = 3,
        C = 10,
        Seed = seed,
        Policies = policies ?? PolicyConfiguration.All,
        MaxDegreeOfParallelism = threads,
    };

    [Fact]
    public void LossPoliciesBeatBaselineWhereOnlyBoundaryCopiesHelp()
    {
        var features = BoundaryProblem.Create();
        var result = ExperimentRunner.Run(features, Options(), NullReporter.Instance);

        // The problem is built so that augmentation matters: the nuisance shift fools the un-augmented probe.
        Assert.True(result.FullAugmentation - result.NoAugmentation > 0.15, $"no aug {result.NoAugmentation}, full {result.FullAugmentation}");
        foreach (var score in new[] { "loss", "influence" })
        {
            var baseline = Auc(result, "baseline", score);
            var proportional = Auc(result, "deterministic-proportional", score);
            var inverse = Auc(result, "deterministic-inverse", score);
            Assert.True(proportional > baseline + 3, $"{score}: deterministic-proportional {proportional} vs baseline {baseline}");
            Assert.True(inverse < baseline, $"{score}: deterministic-inverse {inverse} vs baseline {baseline}");
        }

        // The 20 highest-loss points are exactly the near-boundary ones.
        var top = result.Scores["loss"].Select((s, i) => (s, i)).OrderByDescending(t => t.s).Take(20).Select(t => t.i).Order();
        Assert.Equal(BoundaryProblem.Near(features), top);
    }

    [Fact]
    public void EachAccuracyIsTheProbeOnOriginalsPlusCopiesOfTheFirstMPointsScoredOnTheAugmentedTestSet()
    {
        var features = BoundaryProblem.Create(far: 30, near: 10, test: 40);
        var policies = PolicyConfiguration.ParseList("deterministic-proportional+downweight");
        var result = ExperimentRunner.Run(features, Options(policies: policies) with { Scores = ["loss"] }, NullReporter.Instance);

        // Independently: loss of the probe fitted on the originals, sorted descending; downweight 1/(k+1).
        var originals = TrainingSet.FromFloats(features.TrainRows, features.TrainLabels, 2);
        var loss = PointScores.Loss(SoftmaxRegression.Fit(originals, 10), originals);
        var order = Enumerable.Range(0, loss.Length).OrderByDescending(i => loss[i]).ThenBy(i => i).ToArray();
        var test = TrainingSet.FromFloats(features.TestRows, features.TestLabels, 2);
        foreach (var budget in new[] { 0, 5, 20, 40 })
        {
            var chosen = order.Take(budget).ToArray();
            var weights = Enumerable.Range(0, 40).Select(i => chosen.Contains(i) ? 0.2 : 1.0).ToArray();
            var rows = new List<float[]>(features.TrainRows);
            var labels = new List<int>(features.TrainLabels);
            var rowWeights = new List<double>(weights);
            foreach (var i in chosen)
            {
                foreach (var copy in features.TrainCopies[i])
                {
                    rows.Add(copy);
                    labels.Add(features.TrainLabels[i]);
                    rowWeights.Add(0.2);
                }
            }

            var expected = SoftmaxRegression.Fit(TrainingSet.FromFloats(rows, [.. labels], 2, [.. rowWeights]), 10).Accuracy(test);
            var measured = Assert.Single(result.Accuracies, a => a.Budget == budget).Accuracy;
            Assert.Equal(expected, measured, 12);
        }
    }

    [Fact]
    public void RoundsAreFiveForRandomAndOneForDeterministicAndTheGridIsClippedToN()
    {
        var features = BoundaryProblem.Create(far: 20, near: 10, test: 20);
        var result = ExperimentRunner.Run(features, Options() with { Budgets = [0, 10, 1000], Rounds = 5 }, NullReporter.Instance);

        Assert.Equal([0, 10, 30], result.Budgets);
        foreach (var auc in result.Aucs)
            Assert.Equal(auc.Configuration.IsRandom ? 5 : 1, auc.Rounds);
        Assert.Equal(32, result.Aucs.Count); // (11 paper + 5 guarded) configurations x 2 scores
        // Paper: baseline 5, det-prop x4 1 each, rand-prop x4 5 each, det-inv 1, rand-inv 5; guarded: moderate 1, four random 5 each.
        Assert.Equal((5 + 4 + 20 + 1 + 5 + 1 + 20) * 2 * 3, result.Accuracies.Count);

        // Full augmentation (no downweight) is the same training set whatever the policy.
        Assert.All(result.Accuracies.Where(a => a.Budget == 30 && !a.Configuration.Spec.Downweight), a => Assert.Equal(result.FullAugmentation, a.Accuracy));
        Assert.All(result.Accuracies.Where(a => a.Budget == 0), a => Assert.Equal(result.NoAugmentation, a.Accuracy));
        Assert.NotNull(result.Vsv);
        Assert.InRange(result.Vsv!.SupportVectors, 1, 30);
    }

    [Fact]
    public void AUCsAreTheTrapezoidOfEachRoundsCurveWithTheSampleStdOverRounds()
    {
        var features = BoundaryProblem.Create(far: 30, near: 10, test: 30);
        var result = ExperimentRunner.Run(features, Options(policies: PolicyConfiguration.ParseList("baseline")) with { Scores = ["loss"], Budgets = [0, 5, 10, 40] }, NullReporter.Instance);

        var areas = result.Accuracies.GroupBy(a => a.Round).OrderBy(g => g.Key).Select(g =>
        {
            var a = g.OrderBy(r => r.Budget).Select(r => r.Accuracy).ToArray();
            return 5 * (a[0] + a[1]) / 2 + 5 * (a[1] + a[2]) / 2 + 30 * (a[2] + a[3]) / 2;
        }).ToArray();
        Assert.Equal(3, areas.Length);
        var mean = (areas[0] + areas[1] + areas[2]) / 3;
        var std = Math.Sqrt(areas.Sum(x => (x - mean) * (x - mean)) / 2);
        var auc = Assert.Single(result.Aucs);
        Assert.Equal(mean, auc.Mean, 12);
        Assert.Equal(std, auc.Std, 12);
        Assert.True(std > 0, "baseline rounds use different seeds, so their curves differ");
    }

    [Fact]
    public void ResultsAreIdenticalForTheSameSeedWhateverTheThreadCount()
    {
        var features = BoundaryProblem.Create(far: 30, near: 10, test: 30);
        var one = ExperimentRunner.Run(features, Options(threads: 1), NullReporter.Instance);
        var two = ExperimentRunner.Run(features, Options(threads: 2), NullReporter.Instance);
        var other = ExperimentRunner.Run(features, Options(threads: 2, seed: 12), NullReporter.Instance);

        Assert.Equal(Flatten(one), Flatten(two));
        Assert.Equal(one.Aucs.Select(a => a.Mean), two.Aucs.Select(a => a.Mean));
        Assert.NotEqual(Flatten(one), Flatten(other));
    }

    [Fact]
    public void UpdateRefitsOnTheCopiesChosenAtEachCheckpointAndRescoresTheRest()
    {
        var features = BoundaryProblem.Create(far: 30, near: 10, test: 30);
        var result = ExperimentRunner.Run(features,
            Options(policies: PolicyConfiguration.ParseList("deterministic-proportional+update+downweight")) with { Scores = ["loss"], Budgets = [0, 3, 6, 40] },
            NullReporter.Instance);

        // Independently: the top 3 by loss on the originals; refit with their copies (weights 1/5); the next 3 are
        // the top of the rest by the new losses.
        var originals = TrainingSet.FromFloats(features.TrainRows, features.TrainLabels, 2);
        var initialLoss = PointScores.Loss(SoftmaxRegression.Fit(originals, 10), originals);
        var first = Top(initialLoss, [], 3);
        var refit = WithCopies(features, first, 0.2);
        var newLoss = PointScores.Loss(SoftmaxRegression.Fit(refit, 10), refit.Subset(Enumerable.Range(0, 40).ToArray()));
        var six = first.Concat(Top(newLoss, first, 3)).ToArray();
        Assert.NotEqual(Top(initialLoss, [], 6).Order(), six.Order()); // the rescore matters on this problem
        var test = TrainingSet.FromFloats(features.TestRows, features.TestLabels, 2);

        var expected = SoftmaxRegression.Fit(WithCopies(features, six, 0.2), 10).Accuracy(test);
        var withoutUpdate = SoftmaxRegression.Fit(WithCopies(features, Top(initialLoss, [], 6), 0.2), 10).Accuracy(test);
        Assert.NotEqual(withoutUpdate, expected); // so a runner that ignored update would fail below
        Assert.Equal(expected, Assert.Single(result.Accuracies, a => a.Budget == 6).Accuracy, 12);
    }

    [Fact]
    public void InvalidOptionsAreCodedErrors()
    {
        var features = BoundaryProblem.Create(far: 10, near: 4, test: 4);
        Assert.Equal(ExperimentErrors.RoundsInvalid,
            Assert.Throws<AugBuildException>(() => ExperimentRunner.Run(features, Options() with { Rounds = 0 }, NullReporter.Instance)).Code);
        Assert.Equal(ExperimentErrors.ScoreInvalid,
            Assert.Throws<AugBuildException>(() => ExperimentRunner.Run(features, Options() with { Scores = ["margin"] }, NullReporter.Instance)).Code);
        Assert.Equal(ExperimentErrors.FeaturesInvalid,
            Assert.Throws<AugBuildException>(() => ExperimentRunner.Run(features with { TestLabels = [0] }, Options(), NullReporter.Instance)).Code);
        Assert.Equal(ExperimentErrors.BudgetInvalid, Assert.Throws<AugBuildException>(() => BudgetGrid.Parse("0,ten")).Code);
        Assert.Equal(ExperimentErrors.PolicyListInvalid, Assert.Throws<AugBuildException>(() => PolicyConfiguration.ParseList("baseline,baseline")).Code);
    }

    private static int[] Top(double[] scores, IReadOnlyCollection<int> exclude, int count) =>
        Enumerable.Range(0, scores.Length).Where(i => !exclude.Contains(i)).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count).ToArray();

    private static TrainingSet WithCopies(ExperimentFeatures features, IReadOnlyCollection<int> augmented, double weight)
    {
        var rows = new List<float[]>(features.TrainRows);
        var labels = new List<int>(features.TrainLabels);
        var weights = Enumerable.Range(0, features.TrainCount).Select(i => augmented.Contains(i) ? weight : 1.0).ToList();
        foreach (var i in augmented.Order())
        {
            foreach (var copy in features.TrainCopies[i])
            {
                rows.Add(copy);
                labels.Add(features.TrainLabels[i]);
                weights.Add(weight);
            }
        }

        return TrainingSet.FromFloats(rows, [.. labels], features.ClassCount, [.. weights]);
    }

    private static double Auc(ExperimentResult result, string policy, string score) =>
        result.Aucs.Single(a => a.Score == score && a.Configuration.Name == policy).Mean;

    /// <summary>Every accuracy with its run and budget, round-trip formatted: equal lists mean equal tables.</summary>
    internal static List<string> Flatten(ExperimentResult result) =>
        result.Accuracies.Select(a => $"{a.Configuration.Name}|{a.Score}|{a.Round}|{a.Budget}|{a.Accuracy:R}").ToList();
}
