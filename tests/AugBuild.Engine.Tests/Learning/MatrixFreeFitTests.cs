using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Tests.Learning;

/// <summary>The matrix-free (truncated Newton) fit against today's dense Newton, on the problems of the other fit tests.</summary>
public sealed class MatrixFreeFitTests
{
    [Theory]
    [InlineData(80, 6, 2, 0.1, true, 0.0)]
    [InlineData(80, 6, 5, 10.0, true, 0.0)]
    [InlineData(400, 20, 4, 10.0, true, 0.0)]
    [InlineData(300, 12, 4, 2.0, false, 0.0)]
    [InlineData(60, 30, 6, 100.0, false, 0.0)] // n < p, nearly separable: the hard case for CG
    [InlineData(200, 10, 3, 1.0, false, 5.0)] // features far from zero (like ReLU activations): the centred coordinates matter
    [InlineData(600, 8, 40, 1.0, false, 0.0)] // K-1 >= 32: single-precision products where the CPU has 512-bit vectors
    [InlineData(400, 9, 35, 10.0, true, 3.0)]
    public void MatrixFreeReachesTheDenseNewtonOptimum(int n, int d, int k, double c, bool weighted, double offset)
    {
        var raw = Problems.Gaussian(n, d, k, seed: n + d + k, weighted: weighted);
        var data = new TrainingSet(raw.Features.ToArray().Select(v => v + offset).ToArray(), d, raw.Labels, k, raw.Weights);

        var dense = SoftmaxRegression.Fit(data, c, new FitOptions { Solver = FitSolver.Dense });
        var free = SoftmaxRegression.Fit(data, c);

        Assert.Equal(0, free.Factorizations);
        Assert.True(free.HessianVectorProducts > 0);
        // Both meet the same tolerance on the objective's gradient written out by the test.
        var (g0, _) = Problems.Derivatives(new double[free.Parameters.Length], data, 1 / c);
        double threshold = 1e-8 * Math.Max(1, Norm(g0));
        Assert.True(Norm(Problems.Derivatives(free.Parameters, data, 1 / c).Gradient) <= threshold);
        Assert.True(Norm(Problems.Derivatives(dense.Parameters, data, 1 / c).Gradient) <= threshold);
        double scale = Math.Max(1, dense.Parameters.Max(Math.Abs));
        for (int q = 0; q < dense.Parameters.Length; q++) Assert.Equal(dense.Parameters[q], free.Parameters[q], 1e-6 * scale);
        Assert.Equal(PointScores.Loss(dense, data), PointScores.Loss(free, data), (a, b) => Math.Abs(a - b) <= 1e-7 * Math.Max(1, a));
    }

    [Fact]
    public void FitsAProblemWhoseHessianCannotExist()
    {
        // p = 79 x 601 = 47,479 > 46,340: the p x p Hessian exceeds the largest .NET array (the dense solver's AUG3015).
        var data = Problems.Gaussian(240, 600, 80, seed: 4);
        Assert.Equal(LearningErrors.ProblemTooLarge,
            Assert.Throws<AugBuildException>(() => SoftmaxRegression.Fit(data, 1.0, new FitOptions { Solver = FitSolver.Dense })).Code);

        var model = SoftmaxRegression.Fit(data, 1.0);
        var losses = PointScores.Loss(model, data);
        Assert.True(model.Accuracy(data) > 0.99);
        // Stationarity, checked through the objective's directional derivative along a random unit direction.
        var rng = new Random(1);
        var direction = Enumerable.Range(0, model.Parameters.Length).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double length = Norm(direction);
        for (int q = 0; q < direction.Length; q++) direction[q] /= length;
        double h = 1e-5, lambda = 1.0;
        double Value(double t) => Problems.Objective(model.Parameters.Zip(direction, (a, b) => a + t * b).ToArray(), data, lambda);
        double slope = (Value(h) - Value(-h)) / (2 * h);
        Assert.True(Math.Abs(slope) < 1e-4, $"directional derivative {slope}");
        Assert.All(losses, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void FitReportsProgressInGradientDecadesEndingAtTheTolerance()
    {
        var data = Problems.Gaussian(200, 10, 4, seed: 3);
        var reporter = new RecordingReporter();
        SoftmaxRegression.Fit(data, 10.0, new FitOptions { Reporter = reporter });
        Assert.NotEmpty(reporter.Reports);
        Assert.All(reporter.Reports, r => Assert.Equal(("fit", 8L, ProgressUnits.Decades), (r.Stage, r.Total, r.Unit)));
        Assert.Equal(8, reporter.Reports[^1].Done);
        Assert.True(reporter.Reports.Zip(reporter.Reports.Skip(1), (a, b) => a.Done <= b.Done).All(x => x), "progress never goes back");

        var silent = new RecordingReporter();
        SoftmaxRegression.Fit(data, 10.0, new FitOptions { Reporter = silent, ProgressStage = null });
        Assert.Empty(silent.Reports);
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
}

/// <summary>Keeps every progress report in order.</summary>
internal sealed class RecordingReporter : IReporter
{
    public List<(string Stage, long Done, long Total, string Unit)> Reports { get; } = [];

    public List<string> Infos { get; } = [];

    public void Info(string message)
    {
        lock (Reports) Infos.Add(message);
    }

    public void Warning(string code, string message, string? file = null) { }

    public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images)
    {
        lock (Reports) Reports.Add((stage, done, total, unit));
    }
}
