using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Tests.Learning;

/// <summary>Cross-validation with folds from content keys: the same folds, C and held-out predictions whatever the row order.</summary>
public sealed class StableFoldsTests
{
    [Fact]
    public void ReorderingRowsChangesNeitherFoldsNorCNorHeldOutProbabilities()
    {
        var data = Problems.Gaussian(120, 8, 3, seed: 61, separation: 0.4);
        var keys = Enumerable.Range(0, data.Count).Select(i => $"xxh128:{i * 7919 % 1000:d4}").ToArray();
        double[] grid = [0.001, 0.01, 0.1, 1, 10];
        var permutation = Enumerable.Range(0, data.Count).ToArray();
        new Random(3).Shuffle(permutation);
        var shuffled = data.Subset(permutation);
        var shuffledKeys = permutation.Select(i => keys[i]).ToArray();

        var a = CrossValidation.ChooseC(data, keys, grid, folds: 4);
        var b = CrossValidation.ChooseC(shuffled, shuffledKeys, grid, folds: 4);

        Assert.Equal(a.BestC, b.BestC);
        Assert.True(a.MeanScores.Distinct().Count() > 1, "the grid should not be a tie everywhere, or the test proves nothing");
        for (int g = 0; g < grid.Length; g++) Assert.Equal(a.MeanScores[g], b.MeanScores[g], 12);
        var (aConfidence, bConfidence) = (a.OutOfFold.SelfConfidence(), b.OutOfFold.SelfConfidence());
        for (int j = 0; j < permutation.Length; j++)
        {
            Assert.Equal(a.OutOfFold.Folds[permutation[j]], b.OutOfFold.Folds[j]);
            Assert.Equal(aConfidence[permutation[j]], bConfidence[j], 1e-9);
        }

        // The row-index rule (the seeded overload) does depend on the order: that is what the keys fix.
        var byIndex = CrossValidation.ChooseC(data, grid, 4, 0);
        var byIndexShuffled = CrossValidation.ChooseC(shuffled, grid, 4, 0);
        Assert.NotEqual(Enumerable.Range(0, data.Count).Select(i => byIndex.OutOfFold.Folds[permutation[i]]), byIndexShuffled.OutOfFold.Folds);
    }

    [Fact]
    public void KeyFoldsAreStratifiedAndBalanced()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 3 == 0 ? 0 : i % 7 == 0 ? 2 : 1).ToArray();
        var keys = Enumerable.Range(0, labels.Length).Select(i => $"k{i}").ToArray();
        var a = StratifiedFolds.AssignByKey(labels, keys, 3, 4, seed: 0);
        Assert.NotEqual(a, StratifiedFolds.AssignByKey(labels, keys, 3, 4, seed: 1));
        // Every fold holds each class's share to within one row, and fold sizes differ by at most one.
        var spread = (IEnumerable<int> folds) => folds.Concat(Enumerable.Range(0, 4)).GroupBy(f => f).Select(g => g.Count()).ToArray();
        Assert.True(spread(a).Max() - spread(a).Min() <= 1);
        foreach (var cls in labels.Select((y, i) => (y, i)).GroupBy(t => t.y))
        {
            var counts = spread(cls.Select(t => a[t.i]));
            Assert.True(counts.Max() - counts.Min() <= 1, $"class {cls.Key}");
        }
    }

    [Fact]
    public void HeldOutProbabilitiesComeFromTheFoldThatHeldTheRowOut()
    {
        var data = Problems.Gaussian(60, 5, 3, seed: 62, separation: 0.5);
        var keys = Enumerable.Range(0, data.Count).Select(i => $"image-{i}").ToArray();
        var cv = CrossValidation.ChooseC(data, keys, [0.1, 1, 10], folds: 3);
        var folds = cv.OutOfFold.Folds;
        var selfConfidence = cv.OutOfFold.SelfConfidence();
        for (int f = 0; f < 3; f++)
        {
            var train = data.Subset(Enumerable.Range(0, data.Count).Where(i => folds[i] != f).ToArray());
            var model = SoftmaxRegression.Fit(train, cv.BestC);
            foreach (int i in Enumerable.Range(0, data.Count).Where(i => folds[i] == f))
            {
                double expected = Problems.Probabilities(model.Parameters, data.Row(i), 3)[data.Labels[i]];
                Assert.Equal(expected, selfConfidence[i], 1e-6);
            }
        }
    }
}
