using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Tests.Selection;

public sealed class VsvTests
{
    [Fact]
    public void DiamondsSelectExactlyTheTwoKnownSupportVectors()
    {
        var (x, y) = SvmTestData.Diamonds();
        var labels = y.Select(s => s > 0 ? 1 : 0).ToArray();

        var result = Vsv.Select(x, 2, labels, 2, new VsvOptions { C = 10 });

        Assert.Equal(2, result.SupportVectorCount);
        Assert.Equal([0, 4], Enumerable.Range(0, 8).Where(i => result.IsSupportVector[i]));
        // Support vectors first (margins 1, tie by index), then the rest by margin: 1.5 for (8,4), (8,2), (2,4), (2,2);
        // 2 for (9,3), (1,3).
        Assert.Equal([0, 4, 1, 2, 5, 6, 3, 7], result.Order);
        Assert.Equal(1.0, result.Margin[0], 1e-6);
        Assert.Equal(1.5, result.Margin[5], 1e-6);
        Assert.Equal(2.0, result.Margin[7], 1e-6);
    }

    [Fact]
    public void CrossValidationMatchesAnIndependentFoldByFoldComputation()
    {
        var (x, labels) = SvmTestData.Clouds(48, 2, 2, spread: 1.0, seed: 9);
        double[] grid = [0.001, 0.1, 10];
        var result = Vsv.Select(x, 2, labels, 2, new VsvOptions { CGrid = grid, CvTolerance = LinearSvm.DefaultTolerance });

        // Folds by hand: within each class, the j-th point (index order) goes to fold j mod 4.
        var fold = new int[labels.Length];
        var seen = new int[2];
        for (var i = 0; i < labels.Length; i++) fold[i] = seen[labels[i]]++ % 4;

        var expected = grid.Select(c => Enumerable.Range(0, 4).Average(f =>
        {
            var train = Enumerable.Range(0, labels.Length).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, labels.Length).Where(i => fold[i] == f).ToArray();
            var svm = LinearSvm.Train(train.SelectMany(i => x.Skip(2 * i).Take(2)).ToArray(), 2,
                train.Select(i => labels[i] == 1 ? 1 : -1).ToArray(), c);
            return test.Average(i => (svm.Decision(x.AsSpan(2 * i, 2)) > 0 ? 1 : 0) == labels[i] ? 1.0 : 0.0);
        })).ToArray();

        Assert.Equal(expected.Length, result.CvAccuracy.Count);
        for (var k = 0; k < grid.Length; k++)
            Assert.Equal(expected[k], result.CvAccuracy[k], 1e-12);
        var bestIndex = Array.IndexOf(expected, expected.Max()); // first of ties
        Assert.Equal(grid[bestIndex], result.C);

        var full = LinearSvm.Train(x, 2, labels.Select(l => l == 1 ? 1 : -1).ToArray(), result.C);
        Assert.Equal(full.SupportVectorCount, result.SupportVectorCount);
        Assert.Equal(Enumerable.Range(0, labels.Length).Where(full.IsSupportVector), Enumerable.Range(0, labels.Length).Where(i => result.IsSupportVector[i]));
    }

    [Fact]
    public void MultiClassSupportVectorsAreTheUnionOverOneVsRestMachines()
    {
        var (x, labels) = SvmTestData.Clouds(45, 3, 3, spread: 2.0, seed: 2);
        var result = Vsv.Select(x, 3, labels, 3, new VsvOptions { C = 1 });

        var union = new bool[labels.Length];
        var minMargin = Enumerable.Repeat(double.PositiveInfinity, labels.Length).ToArray();
        for (var c = 0; c < 3; c++)
        {
            var y = labels.Select(l => l == c ? 1 : -1).ToArray();
            var svm = LinearSvm.Train(x, 3, y, 1);
            LinearSvmTests.AssertKkt(x, 3, y, svm, 1e-6);
            for (var i = 0; i < labels.Length; i++)
            {
                union[i] |= svm.IsSupportVector(i);
                minMargin[i] = Math.Min(minMargin[i], y[i] * svm.Decision(x.AsSpan(3 * i, 3)));
            }
        }

        Assert.Equal(union, result.IsSupportVector);
        Assert.Equal(union.Count(u => u), result.SupportVectorCount);
        for (var i = 0; i < labels.Length; i++)
            Assert.Equal(minMargin[i], result.Margin[i], 1e-9);
        Assert.Equal(3, result.Machines.Count);
        // Support vectors first; within each group margins ascend.
        var k = result.SupportVectorCount;
        Assert.All(result.Order[..k], i => Assert.True(union[i]));
        Assert.All(result.Order[k..], i => Assert.False(union[i]));
        for (var r = 1; r < labels.Length; r++)
            if (r != k) Assert.True(result.Margin[result.Order[r - 1]] <= result.Margin[result.Order[r]]);
    }

    [Fact]
    public void HittingTheIterationCapIsACodedWarning()
    {
        var (x, labels) = SvmTestData.Clouds(60, 2, 2, spread: 0.5, seed: 4);
        var reporter = new CollectingReporter();
        Vsv.Select(x, 2, labels, 2, new VsvOptions { C = 10, MaxIterations = 3 }, reporter);
        Assert.Contains(reporter.Warnings, w => w.Code == SelectionErrors.SvmNotConverged);
    }

    [Fact]
    public void SmallClassIsWarnedAndBadLabelsAreCodedErrors()
    {
        var reporter = new CollectingReporter();
        Vsv.Select([0, 1, 2, 3, 4, 10], 1, [0, 0, 0, 0, 0, 1], 2, reporter: reporter);
        Assert.Contains(reporter.Warnings, w => w.Code == SelectionErrors.SvmSmallClass);

        Assert.ThrowsAny<ArgumentException>(() => Vsv.Select([0, 1], 1, [0, 2], 2));
        Assert.Equal(SelectionErrors.SvmInputInvalid,
            Assert.Throws<AugBuildException>(() => Vsv.Select([0, double.NaN], 1, [0, 1], 2)).Code);
    }
}
