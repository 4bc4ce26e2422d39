using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Tests.Learning;

public sealed class OutOfFoldTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Cross_validation_keeps_each_rows_probabilities_from_the_fit_that_held_it_out(int k)
    {
        var data = Problems.Gaussian(60, 5, k, seed: 70 + k, separation: 0.5);
        var cv = CrossValidation.ChooseC(data, [0.01, 0.1, 1], folds: 3, seed: 1);
        var oof = cv.OutOfFold;
        Assert.Equal(data.Count, oof.Count);

        // Independent: refit each fold from scratch at the chosen C and predict its rows by hand.
        for (int f = 0; f < 3; f++)
        {
            var held = Enumerable.Range(0, data.Count).Where(i => oof.Folds[i] == f).ToArray();
            Assert.NotEmpty(held);
            var model = SoftmaxRegression.Fit(data.Subset(Enumerable.Range(0, data.Count).Where(i => oof.Folds[i] != f).ToArray()), cv.BestC);
            foreach (int i in held)
            {
                var expected = Problems.Probabilities(model.Parameters, data.Row(i), k);
                for (int j = 0; j < k; j++)
                    Assert.Equal(expected[j], oof.Row(i)[j], 6);
                Assert.Equal(expected[data.Labels[i]], oof.SelfConfidence()[i], 6);
            }
        }
    }

    [Fact]
    public void Fixed_C_gives_the_folds_at_that_C()
    {
        var data = Problems.Gaussian(40, 4, 2, seed: 3);
        var oof = CrossValidation.OutOfFoldAt(data, 0.5, folds: 4, seed: 2);
        var held = Enumerable.Range(0, data.Count).Where(i => oof.Folds[i] == 0).ToArray();
        var model = SoftmaxRegression.Fit(data.Subset(Enumerable.Range(0, data.Count).Where(i => oof.Folds[i] != 0).ToArray()), 0.5);
        foreach (int i in held)
            Assert.Equal(Problems.Probabilities(model.Parameters, data.Row(i), 2)[1], oof.Row(i)[1], 6);
    }

    [Fact]
    public void Confident_learning_flags_the_off_diagonal_of_the_confident_joint()
    {
        int[] labels = [0, 0, 0, 1, 1, 1];
        double[] p =
        [
            0.9, 0.1, // label 0, confident in 0
            0.8, 0.2, // label 0
            0.1, 0.9, // label 0 but confidently 1: flagged
            0.3, 0.7, // label 1
            0.2, 0.8, // label 1
            0.55, 0.45, // label 1, p1 below t1 and p0 = 0.55 below t0: counted for no class, not flagged
        ];
        var oof = new OutOfFold(p, labels, 2);
        // t0 = (0.9 + 0.8 + 0.1) / 3 = 0.6, t1 = (0.7 + 0.8 + 0.45) / 3 = 0.65.
        Assert.Equal(0.6, oof.Thresholds()[0], 12);
        Assert.Equal(0.65, oof.Thresholds()[1], 12);
        Assert.Equal([false, false, true, false, false, false], oof.SuspectLabels());
        Assert.Equal([0.9, 0.8, 0.1, 0.7, 0.8, 0.45], oof.SelfConfidence());
        Assert.Equal(2 / 6.0, oof.Error(), 12);
    }

    [Fact]
    public void A_row_above_both_thresholds_counts_for_the_more_probable_class()
    {
        // t0 = (0.5 + 0.9) / 2 = 0.7, t1 = (0.2 + 0.2) / 2 = 0.2. Row 0 (label 0): p0 = 0.5 < t0, p1 = 0.5 >= t1: flagged.
        // Row 2 (label 1): p1 = 0.2 >= t1 and p0 = 0.8 >= t0; 0.8 > 0.2: flagged.
        var oof = new OutOfFold([0.5, 0.5, 0.9, 0.1, 0.8, 0.2, 0.8, 0.2], [0, 0, 1, 1], 2);
        Assert.Equal([true, false, true, true], oof.SuspectLabels());
    }
}
