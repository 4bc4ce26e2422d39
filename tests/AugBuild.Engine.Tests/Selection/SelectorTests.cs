using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Tests.Selection;

public sealed class SelectorTests
{
    private static SelectionRequest Request(string policy, double[] scores, int budget, long seed = 1) => new()
    {
        Policy = PolicySpec.Parse(policy),
        PointCount = scores.Length,
        Budget = budget,
        Scores = scores,
        Seed = seed,
    };

    [Fact]
    public void DeterministicSelectionRanksAndSelectsTheTop()
    {
        var r = Selector.Select(Request("deterministic-proportional", [0.2, 0.9, 0.5, 0.9, 0.1], 2));
        Assert.Equal([1, 3, 2, 0, 4], r.Order);
        Assert.Equal([3, 0, 2, 1, 4], r.Rank);
        Assert.Equal([false, true, false, true, false], r.Selected);
        Assert.Equal([1, 3], r.SelectedInOrder.ToArray());
        Assert.All(r.Weight, w => Assert.Equal(1.0, w));
        Assert.Equal(2, r.Budget);

        var inverse = Selector.Select(Request("deterministic-inverse", [0.2, 0.9, 0.5, 0.9, 0.1], 1));
        Assert.Equal([4, 0, 2, 1, 3], inverse.Order);
        Assert.Equal([false, false, false, false, true], inverse.Selected);
    }

    [Fact]
    public void BaselineIsASeededPermutationIgnoringScores()
    {
        var a = Selector.Select(Request("baseline", new double[50], 5, seed: 8));
        Assert.Equal(Enumerable.Range(0, 50), a.Order.Order());
        Assert.Equal(a.Order, Selector.Select(Request("baseline", new double[50], 5, seed: 8)).Order);
        Assert.NotEqual(a.Order, Selector.Select(Request("baseline", new double[50], 5, seed: 9)).Order);
        var noScores = Selector.Select(Request("baseline", new double[50], 5, seed: 8) with { Scores = null });
        Assert.Equal(a.Order, noScores.Order);
        Assert.Equal(5, a.Selected.Count(s => s));
    }

    [Fact]
    public void BadScoresAreCodedErrors()
    {
        Assert.Equal(SelectionErrors.ScoresInvalid, Assert.Throws<AugBuildException>(() => Selector.Select(Request("random-proportional", [1, double.NaN], 1))).Code);
        Assert.Equal(SelectionErrors.ScoresInvalid, Assert.Throws<AugBuildException>(() => Selector.Select(Request("deterministic-inverse", [1, -0.5], 1))).Code);
        Assert.Equal(SelectionErrors.ScoresInvalid, Assert.Throws<AugBuildException>(() => Selector.Select(Request("random-inverse", [double.PositiveInfinity, 1], 1))).Code);
        Assert.ThrowsAny<ArgumentException>(() => Selector.Select(Request("random-inverse", [1, 2], 1) with { PointCount = 3 }));
        Assert.ThrowsAny<ArgumentException>(() => Selector.Select(Request("random-inverse", [1, 2], 1) with { Scores = null }));
    }

    [Fact]
    public void DownweightGivesSelectedPointsOneOverKPlusOne()
    {
        var r = Selector.Select(Request("deterministic-proportional+downweight", [3, 1, 2, 0], 2) with { CopiesPerPoint = 4 });
        Assert.Equal([0.2, 1, 0.2, 1], r.Weight);
        Assert.Equal([0.5, 1, 1], Downweighting.Weights(3, [0], 1));
        Assert.ThrowsAny<ArgumentException>(() => Downweighting.Weights(3, [0], -1));
    }

    [Fact]
    public void UpdateRedrawsTheTailFromTheRescoredPoints()
    {
        var calls = new List<int[]>();
        double[] Rescore(IReadOnlyList<int> augmented)
        {
            calls.Add(augmented.ToArray());
            // First refit: the low-indexed survivors look easy. Second: point 2 becomes the hardest.
            return calls.Count == 1 ? [99, 99, 1, 2, 3, 4] : [99, 99, 10, 20, 99, 99];
        }

        var request = Request("deterministic-proportional+update", [6, 5, 4, 3, 2, 1], 4) with
        {
            Checkpoints = [2, 4, 6],
            Rescore = Rescore,
        };
        var r = Selector.Select(request);
        Assert.Equal([true, true, false, false, true, true], r.Selected);

        Assert.Equal([0, 1, 5, 4, 3, 2], r.Order);
        Assert.Equal(2, calls.Count);
        Assert.Equal([0, 1], calls[0]);
        Assert.Equal([0, 1, 5, 4], calls[1]);
        Assert.Equal([2, 4], r.RescoredAt);
        Assert.Equal([6, 5, 10, 20, 3, 4], r.Score); // each point keeps the score it was drawn by

        var plain = Selector.Select(request with { Policy = PolicySpec.Parse("deterministic-proportional") });
        Assert.Equal([0, 1, 2, 3, 4, 5], plain.Order);

        calls.Clear();
        var weighted = Selector.Select(request with { Policy = PolicySpec.Parse("deterministic-proportional+update+downweight"), CopiesPerPoint = 3 });
        Assert.Equal(r.Order, weighted.Order);
        Assert.Equal([0.25, 0.25, 1, 1, 0.25, 0.25], weighted.Weight);
    }

    [Fact]
    public void RandomUpdateKeepsThePrefixAndFollowsTheNewScores()
    {
        var scores = Enumerable.Range(0, 30).Select(i => 1.0 + i % 5).ToArray();
        for (var seed = 0; seed < 20; seed++)
        {
            var plain = Selector.Select(Request("random-proportional", scores, 10, seed));
            var updated = Selector.Select(Request("random-proportional+update", scores, 10, seed) with
            {
                Checkpoints = [3, 10],
                // After the first checkpoint the lowest not-yet-picked index dominates.
                Rescore = picked => Enumerable.Range(0, 30).Select(i => picked.Contains(i) ? 0.0 : 1e12 * Math.Pow(1e-3, i)).ToArray(),
            });

            Assert.Equal(plain.Order[..3], updated.Order[..3]);
            var expectedNext = Enumerable.Range(0, 30).Except(updated.Order[..3]).Take(7);
            Assert.Equal(expectedNext, updated.Order[3..10]);
            Assert.Equal(Enumerable.Range(0, 30), updated.Order.Order());
        }
    }

    [Fact]
    public void UpdateUsesTheDefaultGridForASingleBudget()
    {
        Assert.Equal([1, 10, 50, 100], UpdateCheckpoints.Default(1000, 100));
        Assert.Equal([1, 10, 50, 100, 250, 300], UpdateCheckpoints.Default(1000, 300));
        Assert.Equal([1, 2, 5], UpdateCheckpoints.Default(20, 5)); // 0.1% and 1% of 20 round to 0; 5% = 1, 10% = 2, 25% = 5 = m
        Assert.Empty(UpdateCheckpoints.Default(1000, 0));

        var seen = new List<int>();
        var scores = Enumerable.Range(0, 1000).Select(i => (double)(i % 13)).ToArray();
        var r = Selector.Select(Request("deterministic-inverse+update", scores, 100) with
        {
            Rescore = picked => { seen.Add(picked.Count); return scores; },
        });
        Assert.Equal([1, 10, 50], seen);
        Assert.Equal([1, 10, 50], r.RescoredAt);
        // Unchanged scores: same ordering as without update.
        Assert.Equal(Selector.Select(Request("deterministic-inverse", scores, 100)).Order, r.Order);
    }

    [Fact]
    public void UpdateErrorsAreCoded()
    {
        var request = Request("random-inverse+update", [1, 2, 3, 4], 2) with { Checkpoints = [1, 2] };
        Assert.ThrowsAny<ArgumentException>(() => Selector.Select(request));
        Assert.ThrowsAny<ArgumentException>(() => Selector.Select(request with { Rescore = _ => [1, 2] }));
        Assert.Equal(SelectionErrors.ScoresInvalid, Assert.Throws<AugBuildException>(() => Selector.Select(request with { Rescore = _ => [1, double.NaN, 1, double.NaN] })).Code);
        Assert.ThrowsAny<ArgumentException>(() => Selector.Select(request with { Checkpoints = [1, 5], Rescore = _ => [1, 1, 1, 1] }));
    }

    [Fact]
    public void VsvSelectsTheSupportVectorsAndSetsTheBudget()
    {
        var (x, y) = SvmTestData.Diamonds();
        var reporter = new CollectingReporter();
        var r = Selector.Select(new SelectionRequest
        {
            Policy = PolicySpec.Parse("vsv"),
            PointCount = 8,
            Budget = 3,
            Features = x,
            Dimension = 2,
            Labels = y.Select(s => s > 0 ? 1 : 0).ToArray(),
            ClassCount = 2,
            VsvOptions = new VsvOptions { C = 10 },
            Reporter = reporter,
        });

        Assert.Equal(2, r.Budget);
        Assert.Equal([true, false, false, false, true, false, false, false], r.Selected);
        Assert.Equal([0, 4, 1, 2, 5, 6, 3, 7], r.Order);
        Assert.Contains(reporter.Infos, m => m.Contains("support vectors", StringComparison.Ordinal));
        Assert.ThrowsAny<ArgumentException>(() =>
            Selector.Select(new SelectionRequest { Policy = PolicySpec.Parse("vsv"), PointCount = 8, Budget = 0 }));
    }
}
