using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Tests.Learning;

/// <summary>The objective's value, gradient and Hessian against the formulas and central finite differences.</summary>
public sealed class ObjectiveTests
{
    private const double Step = 1e-5;

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void ValueMatchesTheFormula(int k)
    {
        var data = Problems.Gaussian(40, 4, k, seed: k, weighted: true);
        var theta = Problems.RandomParameters(4, k, seed: 1);
        var (_, losses) = SoftmaxObjective.Evaluate(theta, data);
        Assert.Equal(Problems.Objective(theta, data, 0.7), SoftmaxObjective.Value(theta, data, 0.7, losses), 10);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void GradientMatchesCentralDifferences(int k)
    {
        var data = Problems.Gaussian(40, 4, k, seed: k, weighted: true);
        var theta = Problems.RandomParameters(4, k, seed: 2);
        const double lambda = 0.7;
        var (probs, _) = SoftmaxObjective.Evaluate(theta, data);
        var gradient = SoftmaxObjective.Gradient(theta, data, lambda, probs);

        for (int q = 0; q < theta.Length; q++)
        {
            double numeric = CentralDifference(t => Problems.Objective(t, data, lambda), theta, q);
            Assert.True(Math.Abs(gradient[q] - numeric) < 1e-6 * Math.Max(1, Math.Abs(numeric)), $"entry {q}: {gradient[q]} vs {numeric}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void HessianMatchesCentralDifferencesOfTheGradient(int k)
    {
        var data = Problems.Gaussian(40, 4, k, seed: k, weighted: true);
        var theta = Problems.RandomParameters(4, k, seed: 3);
        const double lambda = 0.7;
        int p = theta.Length;
        var (probs, _) = SoftmaxObjective.Evaluate(theta, data);
        var h = SoftmaxObjective.Hessian(data, lambda, probs);

        for (int q = 0; q < p; q++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[q] += Step;
            minus[q] -= Step;
            var gPlus = SoftmaxObjective.Gradient(plus, data, lambda, SoftmaxObjective.Evaluate(plus, data).Probabilities);
            var gMinus = SoftmaxObjective.Gradient(minus, data, lambda, SoftmaxObjective.Evaluate(minus, data).Probabilities);
            for (int r = 0; r < p; r++)
            {
                double numeric = (gPlus[r] - gMinus[r]) / (2 * Step);
                Assert.True(Math.Abs(h[r * p + q] - numeric) < 1e-6 * Math.Max(1, Math.Abs(numeric)), $"H({r},{q}): {h[r * p + q]} vs {numeric}");
            }
        }
    }

    [Fact]
    public void HessianEqualsTheKroneckerFormulaEntryByEntryOnALargerBlock()
    {
        // d + 1 = 31 spans several 12 x 16 kernel tiles, so the lower-only blocks and their mirroring are exercised.
        var data = Problems.Gaussian(50, 30, 4, seed: 11, weighted: true);
        var theta = Problems.RandomParameters(30, 4, seed: 4, scale: 0.1);
        var (probs, _) = SoftmaxObjective.Evaluate(theta, data);
        var h = SoftmaxObjective.Hessian(data, 0.3, probs);
        var (_, expected) = Problems.Derivatives(theta, data, 0.3);
        int p = theta.Length;
        Assert.True(Dense.MaxAbsDifference(expected, Dense.FromRowMajor(h, p, p)) < 1e-11);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void HessianWithSharedProbabilitiesTakesTheKroneckerShortcutAndStaysExact(int k)
    {
        // Zero weights, random biases: every row has the same probabilities, the shortcut's precondition.
        var data = Problems.Gaussian(50, 20, k, seed: 14, weighted: true);
        var theta = new double[(k - 1) * 21];
        var rng = new Random(15);
        for (int c = 0; c < k - 1; c++) theta[c * 21 + 20] = rng.NextDouble() * 2 - 1;
        var (probs, _) = SoftmaxObjective.Evaluate(theta, data);
        Assert.True(SoftmaxObjective.SameProbabilitiesEveryRow(probs, data.Count, k));
        var h = SoftmaxObjective.Hessian(data, 0.3, probs);
        var (_, expected) = Problems.Derivatives(theta, data, 0.3);
        Assert.True(Dense.MaxAbsDifference(expected, Dense.FromRowMajor(h, theta.Length, theta.Length)) < 1e-11);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void HessianVectorProductEqualsTheExplicitHessianTimesTheVector(int k)
    {
        var data = Problems.Gaussian(45, 7, k, seed: k, weighted: true);
        var theta = Problems.RandomParameters(7, k, seed: 12);
        var v = Problems.RandomParameters(7, k, seed: 13, scale: 1);
        var (probs, _) = SoftmaxObjective.Evaluate(theta, data);
        var hv = SoftmaxObjective.HessianVector(data, 0.4, probs, v);
        var (_, h) = Problems.Derivatives(theta, data, 0.4);
        for (int r = 0; r < v.Length; r++)
        {
            double expected = 0;
            for (int q = 0; q < v.Length; q++) expected += h[r, q] * v[q];
            Assert.Equal(expected, hv[r], 1e-10);
        }
    }

    [Theory]
    [InlineData(false, 1e-10)]
    [InlineData(true, 1e-5)]
    public void ManyClassHessianVectorProductEqualsTheExplicitHessianTimesTheVector(bool singlePrecision, double relative)
    {
        // K - 1 = 34 >= 32: the double GEMMs, or the single-precision rows (to their precision, relative to the largest entry).
        const int k = 35;
        var data = Problems.Gaussian(120, 7, k, seed: 3, weighted: true);
        var theta = Problems.RandomParameters(7, k, seed: 14);
        var v = Problems.RandomParameters(7, k, seed: 15, scale: 1);
        var (probs, _) = SoftmaxObjective.Evaluate(theta, data);
        var hv = SoftmaxObjective.HessianVector(data, 0.4, probs, v, singlePrecision: singlePrecision);
        var (_, h) = Problems.Derivatives(theta, data, 0.4);
        var expected = new double[v.Length];
        for (int r = 0; r < v.Length; r++)
        {
            for (int q = 0; q < v.Length; q++) expected[r] += h[r, q] * v[q];
        }

        double scale = expected.Max(Math.Abs);
        for (int r = 0; r < v.Length; r++) Assert.True(Math.Abs(expected[r] - hv[r]) <= relative * scale, $"entry {r}: {hv[r]} against {expected[r]}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void PointGradientMatchesCentralDifferencesOfThePointLoss(int k)
    {
        var data = Problems.Gaussian(10, 3, k, seed: 5);
        var theta = Problems.RandomParameters(3, k, seed: 6);
        var model = new SoftmaxModel(k, 3, 1.0, theta);
        for (int i = 0; i < data.Count; i++)
        {
            var g = SoftmaxObjective.PointGradient(model, data.Row(i), data.Labels[i]);
            var row = data.Row(i).ToArray();
            int label = data.Labels[i];
            for (int q = 0; q < theta.Length; q++)
            {
                double numeric = CentralDifference(t => -Math.Log(Problems.Probabilities(t, row, k)[label]), theta, q);
                Assert.True(Math.Abs(g[q] - numeric) < 1e-7, $"row {i}, entry {q}");
            }
        }
    }

    [Fact]
    public void ProbabilitiesAreSoftmaxWithReferenceClassZeroAndSurviveHugeLogits()
    {
        var theta = new double[] { 1000, 0, 2000, 0 }; // d = 1, K = 3: z = (0, 1000 x, 2000 x)
        var model = new SoftmaxModel(3, 1, 1.0, theta);
        var p = model.Probabilities([1.0]);
        Assert.Equal([0, 0, 1], p);
        Assert.Equal(2, model.Predict([1.0]));
        Assert.Equal(0, model.Predict([-1.0]));
        var q = new SoftmaxModel(3, 1, 1.0, [0.0, 0, 0, 0]).Probabilities([3.0]);
        Assert.All(q, v => Assert.Equal(1.0 / 3, v, 15));
    }

    private static double CentralDifference(Func<double[], double> f, double[] theta, int q)
    {
        var plus = (double[])theta.Clone();
        var minus = (double[])theta.Clone();
        plus[q] += Step;
        minus[q] -= Step;
        return (f(plus) - f(minus)) / (2 * Step);
    }
}
