using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Tests.Selection;

public sealed class LinearSvmTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(10.0)]
    [InlineData(1000.0)]
    public void DiamondsGiveTheHandComputedMaximumMarginSolution(double c)
    {
        var (x, y) = SvmTestData.Diamonds();
        var svm = LinearSvm.Train(x, 2, y, c);

        Assert.True(svm.Converged);
        Assert.Equal(0.5, svm.Weights[0], 1e-7);
        Assert.Equal(0.0, svm.Weights[1], 1e-7);
        Assert.Equal(-2.5, svm.Bias, 1e-6);
        Assert.Equal([0, 4], Enumerable.Range(0, y.Length).Where(svm.IsSupportVector));
        Assert.Equal(0.125, svm.Alpha[0], 1e-7);
        Assert.Equal(0.125, svm.Alpha[4], 1e-7);
    }

    [Fact]
    public void TriangleHasThreeSupportVectorsWithUnitMargins()
    {
        var (x, y) = SvmTestData.Triangle();
        var svm = LinearSvm.Train(x, 2, y, c: 5);

        Assert.Equal([0, 1, 2], Enumerable.Range(0, y.Length).Where(svm.IsSupportVector));
        Assert.Equal(0.25, svm.Alpha[0], 1e-7);
        Assert.Equal(0.25, svm.Alpha[1], 1e-7);
        Assert.Equal(0.5, svm.Alpha[2], 1e-7);
        Assert.Equal(1.0, svm.Weights[0], 1e-7);
        Assert.Equal(0.0, svm.Weights[1], 1e-7);
        Assert.Equal(-1.0, svm.Bias, 1e-6);
        for (var i = 0; i < 3; i++)
            Assert.Equal(1.0, y[i] * svm.Decision(x.AsSpan(2 * i, 2)), 1e-6);
    }

    [Fact]
    public void SmallCBoundsTheDualAndKeepsKkt()
    {
        // With C = 0.05 the diamonds' hard-margin alphas (1/8) are infeasible: the solution is soft.
        var (x, y) = SvmTestData.Diamonds();
        var svm = LinearSvm.Train(x, 2, y, 0.05);
        AssertKkt(x, 2, y, svm, 1e-6);
        Assert.Contains(svm.Alpha, a => a == 0.05);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(1.0)]
    [InlineData(100.0)]
    public void OverlappingCloudsSatisfyKktAndCloseTheDualityGap(double c)
    {
        var (x, labels) = SvmTestData.Clouds(80, 3, 2, spread: 1.5, seed: 5);
        var y = labels.Select(l => l == 1 ? 1 : -1).ToArray();
        var svm = LinearSvm.Train(x, 3, y, c);

        Assert.True(svm.Converged);
        AssertKkt(x, 3, y, svm, 1e-6);
    }

    [Fact]
    public void LongRunsThroughShrinkingStillSatisfyKkt()
    {
        // Enough iterations (more than n) that the solver shrinks and later rebuilds gradients from w.
        var (x, labels) = SvmTestData.Clouds(400, 4, 2, spread: 0.8, seed: 13);
        var y = labels.Select(l => l == 1 ? 1 : -1).ToArray();
        var svm = LinearSvm.Train(x, 4, y, 50);

        Assert.True(svm.Converged);
        Assert.True(svm.Iterations > 2 * y.Length, $"only {svm.Iterations} iterations: shrinking not exercised");
        AssertKkt(x, 4, y, svm, 1e-6);
    }

    [Fact]
    public void WarmStartFromASmallerCReachesTheSameOptimum()
    {
        var (x, labels) = SvmTestData.Clouds(120, 3, 2, spread: 1.0, seed: 21);
        var y = labels.Select(l => l == 1 ? 1 : -1).ToArray();
        var gram = new GramCache(x, 3);
        var all = Enumerable.Range(0, y.Length).ToArray();
        var small = LinearSvm.Train(gram, all, y, 0.1, LinearSvm.DefaultTolerance, 1_000_000);
        var warm = LinearSvm.Train(gram, all, y, 10, LinearSvm.DefaultTolerance, 1_000_000, small.Alpha);
        var cold = LinearSvm.Train(x, 3, y, 10);

        AssertKkt(x, 3, y, warm, 1e-6);
        for (var t = 0; t < 3; t++)
            Assert.Equal(cold.Weights[t], warm.Weights[t], 1e-6);
        Assert.Equal(cold.Bias, warm.Bias, 1e-6);

        // Started at the optimum, the solver has nothing to do: the rebuilt gradients must already satisfy KKT.
        var again = LinearSvm.Train(gram, all, y, 10, LinearSvm.DefaultTolerance, 1_000_000, cold.Alpha);
        Assert.Equal(0, again.Iterations);
        Assert.Equal(cold.Alpha, again.Alpha);
    }

    [Fact]
    public void IterationCapReportsNonConvergence()
    {
        var (x, labels) = SvmTestData.Clouds(100, 3, 2, spread: 0.5, seed: 1);
        var y = labels.Select(l => l == 1 ? 1 : -1).ToArray();
        var svm = LinearSvm.Train(x, 3, y, 10, maxIterations: 5);

        Assert.False(svm.Converged);
        Assert.Equal(5, svm.Iterations);
        Assert.True(svm.KktViolation > LinearSvm.DefaultTolerance);
    }

    [Fact]
    public void OneLabelGivesTheConstantClassifier()
    {
        var svm = LinearSvm.Train([1, 2, 3], 1, [-1, -1, -1], 1);
        Assert.Equal(0, svm.SupportVectorCount);
        Assert.Equal(-1, svm.Decision([5.0]));
    }

    [Fact]
    public void BadInputIsACodedError()
    {
        Assert.ThrowsAny<ArgumentException>(() => LinearSvm.Train([1, 2, 3], 2, [1, -1], 1));
        Assert.ThrowsAny<ArgumentException>(() => LinearSvm.Train([1, 2], 1, [1, 0], 1));
        Assert.ThrowsAny<ArgumentException>(() => LinearSvm.Train([1, 2], 1, [1, -1], 0));
    }

    /// <summary>
    /// Checks the solution against its definition, independently of the solver: box and equality constraints,
    /// w = sum a_i y_i x_i, complementary slackness of every point, and primal objective == dual objective.
    /// </summary>
    internal static void AssertKkt(double[] x, int d, int[] y, SvmSolution svm, double tol)
    {
        var n = y.Length;
        var c = svm.C;
        Assert.All(svm.Alpha, a => Assert.InRange(a, 0, c));
        Assert.Equal(0, Enumerable.Range(0, n).Sum(i => y[i] * svm.Alpha[i]), 1e-9);

        var w = new double[d];
        for (var i = 0; i < n; i++)
        {
            for (var t = 0; t < d; t++)
                w[t] += svm.Alpha[i] * y[i] * x[i * d + t];
        }

        for (var t = 0; t < d; t++)
            Assert.Equal(w[t], svm.Weights[t], 1e-9);

        double hinge = 0;
        for (var i = 0; i < n; i++)
        {
            var margin = y[i] * (SvmTestData.Dot(x, i, d, w) + svm.Bias);
            hinge += Math.Max(0, 1 - margin);
            var a = svm.Alpha[i];
            if (a == 0) Assert.True(margin >= 1 - tol, $"point {i}: alpha 0 but margin {margin}");
            else if (a < c) Assert.True(Math.Abs(margin - 1) <= tol, $"point {i}: free alpha {a} but margin {margin}");
            else Assert.True(margin <= 1 + tol, $"point {i}: alpha at C but margin {margin}");
        }

        var ww = w.Sum(v => v * v);
        var primal = 0.5 * ww + c * hinge;
        var dual = svm.Alpha.Sum() - 0.5 * ww;
        Assert.True(primal - dual <= tol * Math.Max(1, primal), $"duality gap {primal - dual} (primal {primal})");
    }
}
