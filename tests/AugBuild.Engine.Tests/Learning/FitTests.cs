using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Engine.Tests.Learning;

public sealed class FitTests
{
    [Theory]
    [InlineData(2, 0.1)]
    [InlineData(5, 10.0)]
    public void FitReachesTheGradientToleranceOfTheStatedObjective(int k, double c)
    {
        var data = Problems.Gaussian(80, 6, k, seed: k, weighted: true);
        var model = SoftmaxRegression.Fit(data, c);

        var (gradient, _) = Problems.Derivatives(model.Parameters, data, 1 / c);
        var (gradient0, _) = Problems.Derivatives(new double[model.Parameters.Length], data, 1 / c);
        double norm = Math.Sqrt(gradient.Sum(v => v * v));
        double norm0 = Math.Sqrt(gradient0.Sum(v => v * v));
        Assert.True(norm <= 1e-8 * norm0, $"|grad| {norm} vs |grad(0)| {norm0}");
        Assert.InRange(model.Iterations, 1, 30);
        Assert.Equal(norm, model.GradientNorm, 1e-9);
    }

    [Fact]
    public void ReusingTheHessianFactorReachesTheExactNewtonOptimumWithFewerFactorisations()
    {
        var data = Problems.Gaussian(400, 20, 4, seed: 17, weighted: true, separation: 0.5);
        var reused = SoftmaxRegression.Fit(data, 10.0);
        var exact = SoftmaxRegression.Fit(data, 10.0, new FitOptions { ReuseHessian = false });
        Assert.Equal(exact.Iterations, exact.Factorizations);
        Assert.True(reused.Factorizations < reused.Iterations, $"{reused.Factorizations} factorisations in {reused.Iterations} steps");
        for (int q = 0; q < exact.Parameters.Length; q++) Assert.Equal(exact.Parameters[q], reused.Parameters[q], 1e-6);
    }

    [Fact]
    public void TwoClassModelIsBinaryLogisticRegression()
    {
        // Stationarity of the binary objective sum c log(1 + exp(-s z)) + lambda/2 |w|^2, written out directly.
        var data = Problems.Gaussian(70, 4, 2, seed: 3, weighted: true);
        var model = SoftmaxRegression.Fit(data, 1.0);
        Assert.Equal(5, model.Parameters.Length);
        var w = model.Parameters;
        var g = new double[5];
        for (int i = 0; i < data.Count; i++)
        {
            var x = data.Row(i).ToArray().Append(1.0).ToArray();
            double z = Enumerable.Range(0, 5).Sum(j => w[j] * x[j]);
            double sigma = 1 / (1 + Math.Exp(-z));
            for (int j = 0; j < 5; j++) g[j] += data.Weights[i] * (sigma - data.Labels[i]) * x[j];
            Assert.Equal(sigma, model.Probabilities(data.Row(i))[1], 12);
        }

        for (int j = 0; j < 4; j++) g[j] += w[j];
        Assert.All(g, v => Assert.True(Math.Abs(v) < 1e-7));
    }

    [Fact]
    public void IntegerWeightsEqualDuplicatedRows()
    {
        var data = Problems.Gaussian(40, 5, 3, seed: 7);
        var rng = new Random(8);
        var counts = Enumerable.Range(0, data.Count).Select(_ => rng.Next(1, 4)).ToArray();
        var weighted = new TrainingSet(data.Features.ToArray(), data.Dimension, data.Labels, 3, counts.Select(c => (double)c).ToArray());
        var duplicated = data.Subset(Enumerable.Range(0, data.Count).SelectMany(i => Enumerable.Repeat(i, counts[i])).ToArray());

        var a = SoftmaxRegression.Fit(weighted, 3.0);
        var b = SoftmaxRegression.Fit(duplicated, 3.0);

        for (int q = 0; q < a.Parameters.Length; q++) Assert.Equal(b.Parameters[q], a.Parameters[q], 1e-6);
        var sa = PointScores.Influence(a, weighted);
        var sb = PointScores.Influence(b, duplicated);
        // Row i's weighted gradient is counts[i] times its duplicate's: influence scales by counts[i]^2.
        int row = 0;
        for (int i = 0; i < data.Count; i++)
        {
            Assert.Equal(sa[i], counts[i] * counts[i] * sb[row], 1e-7 * Math.Max(1, sa[i]));
            row += counts[i];
        }
    }

    [Fact]
    public void ExtendedFitsStartFromTheBaseOptimumAndReachTheColdOptimum()
    {
        // The originals, then the originals plus a noisy near-copy of every third row: the experiment's augmented fits.
        var originals = Problems.Gaussian(300, 12, 4, seed: 23, separation: 0.7);
        var rows = Enumerable.Range(0, originals.Count).Where(i => i % 3 == 0).ToList();
        var noise = new Random(5);
        var copies = rows.Select(i => originals.Row(i).ToArray().Select(v => (float)(v + 0.05 * (noise.NextDouble() - 0.5))).ToArray()).ToList();
        var augmented = TrainingSet.FromFloats(
            [.. Enumerable.Range(0, originals.Count).Select(i => originals.Row(i).ToArray().Select(v => (float)v).ToArray()), .. copies],
            [.. originals.Labels, .. rows.Select(i => originals.Labels[i])],
            4);
        var fits = new ExtendedFits(originals, 2.0);

        var cold = SoftmaxRegression.Fit(augmented, 2.0);
        var extended = fits.Fit(augmented);

        Assert.Equal(SoftmaxRegression.Fit(originals, 2.0).Parameters, fits.Base.Parameters);
        Assert.True(extended.Iterations < cold.Iterations, $"{extended.Iterations} steps from the base optimum, {cold.Iterations} from zero");
        for (int q = 0; q < cold.Parameters.Length; q++) Assert.Equal(cold.Parameters[q], extended.Parameters[q], 1e-6);
    }

    [Fact]
    public void WarmStartReachesTheSameOptimumInFewerSteps()
    {
        var data = Problems.Gaussian(60, 5, 4, seed: 9);
        var cold = SoftmaxRegression.Fit(data, 1.0);
        var warm = SoftmaxRegression.Fit(data, 1.0, new FitOptions { InitialParameters = cold.Parameters });
        Assert.Equal(0, warm.Iterations);
        var near = SoftmaxRegression.Fit(data, 1.2, new FitOptions { InitialParameters = cold.Parameters });
        var far = SoftmaxRegression.Fit(data, 1.2);
        for (int q = 0; q < near.Parameters.Length; q++) Assert.Equal(far.Parameters[q], near.Parameters[q], 1e-6);
        Assert.True(near.Iterations <= far.Iterations);
    }

    [Fact]
    public void ManyClassProductsAreBitwiseIdenticalWithAndWithoutThreads()
    {
        // K - 1 = 39 classes: the gradient's T^T X (39 rows, fewer than one row block) is a GEMM split by columns
        // across threads, and so is the double product's; the single-precision product sums fixed chunks. Each
        // element must still be summed in one fixed order.
        var data = Problems.Gaussian(600, 150, 40, seed: 21, weighted: true);
        var theta = Problems.RandomParameters(150, 40, seed: 22);
        var v = Problems.RandomParameters(150, 40, seed: 23, scale: 1);
        var (probs, _) = SoftmaxObjective.Evaluate(theta, data, parallel: false);
        var serialProduct = SoftmaxObjective.HessianVector(data, 0.5, probs, v, parallel: false, singlePrecision: false);
        var serialSingleProduct = SoftmaxObjective.HessianVector(data, 0.5, probs, v, parallel: false, singlePrecision: true);
        var serialGradient = SoftmaxObjective.Gradient(theta, data, 0.5, probs, parallel: false);
        var serialFit = SoftmaxRegression.Fit(data, 2.0, new FitOptions { Parallel = false });
        double threshold = Gemm.ParallelWork;
        Gemm.ParallelWork = 0;
        try
        {
            Assert.Equal(serialProduct, SoftmaxObjective.HessianVector(data, 0.5, probs, v, parallel: true, singlePrecision: false));
            Assert.Equal(serialSingleProduct, SoftmaxObjective.HessianVector(data, 0.5, probs, v, parallel: true, singlePrecision: true));
            Assert.Equal(serialGradient, SoftmaxObjective.Gradient(theta, data, 0.5, probs, parallel: true));
            Assert.Equal(serialFit.Parameters, SoftmaxRegression.Fit(data, 2.0).Parameters);
        }
        finally
        {
            Gemm.ParallelWork = threshold;
        }
    }

    [Fact]
    public void ResultsAreBitwiseIdenticalWithAndWithoutThreads()
    {
        // Each output element is summed by one thread in a fixed order, so threads never change the numbers.
        // 2,100 rows: three chunks of the influence solve; the threshold drop sends every product through threads.
        var data = Problems.Gaussian(2100, 40, 4, seed: 12, weighted: true);
        var serial = SoftmaxRegression.Fit(data, 2.0, new FitOptions { Parallel = false });
        double threshold = Gemm.ParallelWork;
        Gemm.ParallelWork = 0;
        try
        {
            var threaded = SoftmaxRegression.Fit(data, 2.0);
            Assert.Equal(serial.Parameters, threaded.Parameters);
            var factorSerial = PointScores.FactorHessian(serial, data, NullReporter.Instance, parallel: false);
            var factorThreaded = PointScores.FactorHessian(serial, data, NullReporter.Instance, parallel: true);
            Assert.Equal(PointScores.SelfInfluence(serial, factorSerial, data, parallel: false),
                PointScores.SelfInfluence(serial, factorThreaded, data, parallel: true));
        }
        finally
        {
            Gemm.ParallelWork = threshold;
        }
    }

    [Fact]
    public void BatchPredictionAgreesWithRowPrediction()
    {
        var data = Problems.Gaussian(90, 6, 5, seed: 13);
        var model = new SoftmaxModel(5, 6, 1.0, Problems.RandomParameters(6, 5, seed: 14, scale: 2));
        var batch = model.Predict(data);
        for (int i = 0; i < data.Count; i++) Assert.Equal(model.Predict(data.Row(i)), batch[i]);
        Assert.Contains(batch, v => v != batch[0]);
    }

    [Fact]
    public void AccuracyCountsRowsAndWeightedAccuracyCountsWeights()
    {
        var x = new double[] { -2, -1, 1, 2 };
        var data = new TrainingSet(x, 1, [0, 1, 1, 1], 2, [1, 3, 1, 1]);
        var model = new SoftmaxModel(2, 1, 1.0, [1.0, 0.0]); // predicts 1 iff x > 0
        Assert.Equal(0.75, model.Accuracy(data), 12);
        Assert.Equal(3.0 / 6, model.WeightedAccuracy(data), 12);
        Assert.Equal([0, 0, 1, 1], model.Predict(data));
    }

    [Fact]
    public void DegenerateInputsGiveCodedErrors()
    {
        Assert.ThrowsAny<ArgumentException>(() => new TrainingSet([1.0], 1, [0], 1));
        AssertCode(LearningErrors.NonFiniteFeature, () => new TrainingSet([1.0, double.NaN], 1, [0, 1], 2));
        Assert.ThrowsAny<ArgumentException>(() => new TrainingSet([1.0, 2.0], 1, [0, 2], 2));
        Assert.ThrowsAny<ArgumentException>(() => new TrainingSet([1.0, 2.0], 1, [0, 1], 2, [1, -1]));
        Assert.ThrowsAny<ArgumentException>(() => new TrainingSet([1.0, 2.0, 3.0], 2, [0, 1], 2));
        Assert.ThrowsAny<ArgumentException>(() => TrainingSet.FromFloats([[1f, 2f], [3f]], [0, 1], 2));

        var twoOfThree = new TrainingSet([1.0, 2.0], 1, [0, 1], 3);
        AssertCode(LearningErrors.EmptyClass, () => SoftmaxRegression.Fit(twoOfThree, 1.0));
        var zeroWeight = new TrainingSet([1.0, 2.0], 1, [0, 1], 2, [1, 0]);
        AssertCode(LearningErrors.EmptyClass, () => SoftmaxRegression.Fit(zeroWeight, 1.0));
        var ok = new TrainingSet([1.0, 2.0], 1, [0, 1], 2);
        Assert.ThrowsAny<ArgumentException>(() => SoftmaxRegression.Fit(ok, 0));
        Assert.ThrowsAny<ArgumentException>(() => SoftmaxRegression.Fit(ok, double.PositiveInfinity));
    }

    [Fact]
    public void AnUnfinishedFitWarns()
    {
        var data = Problems.Gaussian(40, 3, 3, seed: 2);
        var reporter = new CollectingReporter();
        var model = SoftmaxRegression.Fit(data, 1.0, new FitOptions { MaxIterations = 1, Reporter = reporter });
        Assert.Equal(1, model.Iterations);
        Assert.Contains(reporter.Warnings, w => w.Code == LearningErrors.NotConverged);
    }

    [Fact]
    public void FromFloatsAndSubsetKeepRowsLabelsAndWeights()
    {
        var set = TrainingSet.FromFloats([[1f, 2f], [3f, 4f], [5f, 6f]], [0, 1, 0], 2, [1, 2, 3]);
        var sub = set.Subset([2, 0]);
        Assert.Equal([5.0, 6.0], sub.Row(0).ToArray());
        Assert.Equal([1.0, 2.0], sub.Row(1).ToArray());
        Assert.Equal([0, 0], sub.Labels);
        Assert.Equal([3.0, 1.0], sub.Weights);
        Assert.Equal(2, sub.ClassCount);
    }

    private static void AssertCode(string code, Func<object> action) => Assert.Equal(code, Assert.Throws<AugBuildException>(action).Code);
}
