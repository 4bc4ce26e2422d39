using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Tests.Learning;

/// <summary>Self-influence against an explicit Hessian and its Gauss-Jordan inverse, built in the test.</summary>
public sealed class InfluenceTests
{
    [Theory]
    [InlineData(2, false)]
    [InlineData(5, false)]
    [InlineData(5, true)]
    public void InfluenceEqualsTheDenseDefinition(int k, bool weighted)
    {
        var data = Problems.Gaussian(60, 6, k, seed: 10 + k, weighted: weighted);
        var model = SoftmaxRegression.Fit(data, 0.5);
        double lambda = 1 / model.C;
        var (_, h) = Problems.Derivatives(model.Parameters, data, lambda);
        var hInv = Dense.Inverse(h);

        var scores = PointScores.Influence(model, data);

        Assert.Equal(data.Count, scores.Length);
        for (int i = 0; i < data.Count; i++)
        {
            double expected = Math.Abs(Quadratic(hInv, WeightedPointGradient(model.Parameters, data, i)));
            Assert.True(Math.Abs(scores[i] - expected) <= 1e-9 * Math.Max(expected, 1e-3), $"point {i}: {scores[i]} vs {expected}");
        }
    }

    [Fact]
    public void TwoClassInfluenceIsTheBinaryLogisticFormula()
    {
        // g = c (p - y) [x; 1], H = sum c p (1 - p) [x; 1][x; 1]^T + lambda I_w, with p = P(y = 1).
        var data = Problems.Gaussian(50, 5, 2, seed: 21, weighted: true);
        var model = SoftmaxRegression.Fit(data, 2.0);
        int d = data.Dimension, d1 = d + 1;
        var w = model.Parameters;
        var h = new double[d1, d1];
        var gradients = new double[data.Count][];
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i).ToArray().Append(1.0).ToArray();
            double z = 0;
            for (int j = 0; j < d1; j++) z += w[j] * x[j];
            double p = 1 / (1 + Math.Exp(-z)), c = data.Weights[i];
            gradients[i] = x.Select(v => c * (p - data.Labels[i]) * v).ToArray();
            for (int j = 0; j < d1; j++)
                for (int l = 0; l < d1; l++) h[j, l] += c * p * (1 - p) * x[j] * x[l];
        }

        for (int j = 0; j < d; j++) h[j, j] += 1 / model.C;
        var hInv = Dense.Inverse(h);

        var scores = PointScores.Influence(model, data);
        for (int i = 0; i < data.Count; i++)
        {
            double expected = Quadratic(hInv, gradients[i]);
            Assert.True(Math.Abs(scores[i] - expected) <= 1e-9 * Math.Max(expected, 1e-3), $"point {i}");
        }
    }

    [Fact]
    public void TargetsAreScoredWithTheirOwnWeightsAgainstTheFitDataHessian()
    {
        var fit = Problems.Gaussian(80, 5, 3, seed: 30, weighted: true);
        var targets = Problems.Gaussian(2500, 5, 3, seed: 31, weighted: true); // more than one chunk of rows
        var model = SoftmaxRegression.Fit(fit, 1.0);
        var (_, h) = Problems.Derivatives(model.Parameters, fit, 1 / model.C);
        var hInv = Dense.Inverse(h);

        var scores = PointScores.Influence(model, fit, targets);

        Assert.Equal(targets.Count, scores.Length);
        for (int i = 0; i < targets.Count; i += 7)
        {
            double expected = Quadratic(hInv, WeightedPointGradient(model.Parameters, targets, i));
            Assert.True(Math.Abs(scores[i] - expected) <= 1e-9 * Math.Max(expected, 1e-3), $"target {i}");
        }
    }

    [Fact]
    public void LossScoreIsMinusLogProbabilityOfTheLabel()
    {
        var data = Problems.Gaussian(30, 4, 4, seed: 40, weighted: true);
        var model = SoftmaxRegression.Fit(data, 1.0);
        var loss = PointScores.Loss(model, data);
        for (int i = 0; i < data.Count; i++)
            Assert.Equal(-Math.Log(Problems.Probabilities(model.Parameters, data.Row(i), 4)[data.Labels[i]]), loss[i], 12);
    }

    [Fact]
    public void AnIndefiniteHessianGetsAJitterWarningOrACodedError()
    {
        var reporter = new CollectingReporter();
        var slightly = new double[] { 1, 0, 0, -1e-13 };
        var factor = HessianFactor.Factorize(slightly, 2, reporter, parallel: false);
        Assert.True(factor.Jitter > 0);
        Assert.Contains(reporter.Warnings, w => w.Code == LearningErrors.HessianJitter);
        var x = factor.Solve([1.0, 0.0]);
        Assert.Equal(1.0, x[0], 9); // 1 / (1 + jitter)

        var badly = new double[] { 1, 0, 0, -1 };
        var error = Assert.Throws<AugBuildException>(() => HessianFactor.Factorize(badly, 2, reporter, parallel: false));
        Assert.Equal(LearningErrors.HessianNotPositiveDefinite, error.Code);
    }

    [Fact]
    public void ModelAndDataMustAgree()
    {
        var data = Problems.Gaussian(20, 3, 2, seed: 1);
        var model = new SoftmaxModel(2, 4, 1.0, new double[5]);
        Assert.ThrowsAny<ArgumentException>(() => PointScores.Influence(model, data));
        Assert.ThrowsAny<ArgumentException>(() => PointScores.Loss(model, data));
        var empty = new TrainingSet([], 3, [], 2);
        var fitted = new SoftmaxModel(2, 3, 1.0, new double[4]);
        Assert.ThrowsAny<ArgumentException>(() => PointScores.Influence(fitted, empty));
        Assert.Empty(PointScores.Influence(fitted, data, empty));
        Assert.ThrowsAny<ArgumentException>(() => new SoftmaxModel(2, 3, -1, new double[4]));
    }

    private static double[] WeightedPointGradient(double[] theta, TrainingSet data, int i)
    {
        int d = data.Dimension, k = data.ClassCount;
        var prob = Problems.Probabilities(theta, data.Row(i), k);
        var g = new double[(k - 1) * (d + 1)];
        for (int a = 1; a < k; a++)
        {
            double r = data.Weights[i] * (prob[a] - (data.Labels[i] == a ? 1 : 0));
            for (int j = 0; j < d; j++) g[(a - 1) * (d + 1) + j] = r * data.Row(i)[j];
            g[(a - 1) * (d + 1) + d] = r;
        }

        return g;
    }

    private static double Quadratic(double[,] m, double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
            for (int j = 0; j < v.Length; j++) s += v[i] * m[i, j] * v[j];
        return s;
    }
}
