using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Tests.Learning;

public sealed class CrossValidationTests
{
    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 5)]
    public void ChoosesTheSameCAsABruteForceLoop(int k, int seed)
    {
        var data = Problems.Gaussian(72, 8, k, seed: 50 + k, weighted: true, separation: 0.4);
        double[] grid = [0.001, 0.01, 0.1, 1, 10];
        const int folds = 3;

        var result = CrossValidation.ChooseC(data, grid, folds, seed);

        // Brute force: the documented fold rule, every C fitted from scratch, accuracy by hand, first best on ties.
        var fold = new int[data.Count];
        var rng = new Random(seed);
        int position = 0;
        for (int c = 0; c < k; c++)
        {
            var rows = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == c).ToArray();
            rng.Shuffle(rows);
            foreach (int i in rows) fold[i] = position++ % folds;
        }

        var means = new double[grid.Length];
        for (int g = 0; g < grid.Length; g++)
        {
            for (int f = 0; f < folds; f++)
            {
                var train = data.Subset(Enumerable.Range(0, data.Count).Where(i => fold[i] != f).ToArray());
                var model = SoftmaxRegression.Fit(train, grid[g]);
                double correct = 0, total = 0;
                for (int i = 0; i < data.Count; i++)
                {
                    if (fold[i] != f) continue;
                    var prob = Problems.Probabilities(model.Parameters, data.Row(i), k);
                    int predicted = Array.IndexOf(prob, prob.Max());
                    total += data.Weights[i];
                    if (predicted == data.Labels[i]) correct += data.Weights[i];
                }

                means[g] += correct / total / folds;
            }
        }

        int best = 0;
        for (int g = 1; g < grid.Length; g++)
            if (means[g] > means[best] + 1e-12) best = g;

        Assert.Equal(grid[best], result.BestC);
        Assert.Equal(grid, result.Grid);
        for (int g = 0; g < grid.Length; g++) Assert.Equal(means[g], result.MeanScores[g], 9);
        Assert.True(means.Distinct().Count() > 1, "the grid should not be a tie everywhere, or the test proves nothing");
    }

    [Fact]
    public void TiesGoToTheSmallerCWhateverTheGridOrder()
    {
        // Perfectly separable with a wide margin: every C gets accuracy 1.
        var x = Enumerable.Range(0, 24).Select(i => i < 12 ? -5.0 - i : 5.0 + i).ToArray();
        var y = Enumerable.Range(0, 24).Select(i => i < 12 ? 0 : 1).ToArray();
        var data = new TrainingSet(x, 1, y, 2);
        var result = CrossValidation.ChooseC(data, [10, 0.1, 1], folds: 4, seed: 1);
        Assert.All(result.MeanScores, s => Assert.Equal(1.0, s));
        Assert.Equal(0.1, result.BestC);
        Assert.Equal(1.0, result.BestScore);
    }

    [Fact]
    public void FoldsAreStratifiedBalancedAndSeeded()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 3 == 0 ? 0 : i % 7 == 0 ? 2 : 1).ToArray();
        var a = StratifiedFolds.Assign(labels, 3, 4, seed: 9);
        Assert.Equal(a, StratifiedFolds.Assign(labels, 3, 4, seed: 9));
        Assert.NotEqual(a, StratifiedFolds.Assign(labels, 3, 4, seed: 10));
        var sizes = Enumerable.Range(0, 4).Select(f => a.Count(v => v == f)).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1);
        for (int c = 0; c < 3; c++)
        {
            var perFold = Enumerable.Range(0, 4).Select(f => Enumerable.Range(0, labels.Length).Count(i => labels[i] == c && a[i] == f)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}");
        }
    }

    [Fact]
    public void BadFoldsAndGridsGiveCodedErrors()
    {
        var data = Problems.Gaussian(9, 2, 3, seed: 1); // 3 rows per class
        Assert.ThrowsAny<ArgumentException>(() => CrossValidation.ChooseC(data, folds: 4));
        Assert.ThrowsAny<ArgumentException>(() => CrossValidation.ChooseC(data, folds: 1));
        Assert.ThrowsAny<ArgumentException>(() => CrossValidation.ChooseC(data, [], 3));
        Assert.ThrowsAny<ArgumentException>(() => CrossValidation.ChooseC(data, [1, -1], 3));
    }
}
