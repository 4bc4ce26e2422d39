using AugBuild.Engine.Experiments;

namespace AugBuild.Engine.Tests.Experiments;

public sealed class AreaUnderCurveTests
{
    [Fact]
    public void AConstantPerfectCurveOverThePapersGridHasTheMaximum1000()
    {
        Assert.Equal(1000, AreaUnderCurve.Trapezoid(BudgetGrid.Default, Enumerable.Repeat(1.0, 9).ToArray()), 12);
    }

    [Fact]
    public void TheTrapezoidRuleMatchesAHandComputation()
    {
        // 10 * (0.5 + 0.7) / 2 + 40 * (0.7 + 0.9) / 2 = 6 + 32.
        Assert.Equal(38, AreaUnderCurve.Trapezoid([0, 10, 50], [0.5, 0.7, 0.9]), 12);

        // The paper's grid with accuracy rising linearly from 0.9 at 0 to 1.0 at 1000 (exact for a line): 950.
        var grid = BudgetGrid.Default;
        Assert.Equal(950, AreaUnderCurve.Trapezoid(grid, grid.Select(b => 0.9 + 0.1 * b / 1000.0).ToArray()), 9);
    }

    [Fact]
    public void TheGridIsClippedSortedAndDeduplicated()
    {
        Assert.Equal([0, 1, 10, 50, 100, 250, 300], BudgetGrid.Resolve(BudgetGrid.Default, 300));
        Assert.Equal([0, 5, 9], BudgetGrid.Resolve(BudgetGrid.Parse("9, 5,0,5"), 20));
    }

    [Fact]
    public void SampleStdUsesNMinusOne()
    {
        Assert.Equal(Math.Sqrt(2.5), Statistics.SampleStd([1, 2, 3, 4, 5]), 12);
        Assert.True(double.IsNaN(Statistics.SampleStd([3])));
    }

    [Fact]
    public void ThePaperConfigurationsAreTheElevenOfItsAucTables()
    {
        var labels = PolicyConfiguration.Paper.Select(c => c.PaperLabel).Order().ToArray();
        string[] expected =
        [
            "baseline",
            "deterministic inverse proportional",
            "deterministic proportional",
            "deterministic proportional downweight",
            "deterministic proportional update",
            "deterministic proportional update downweight",
            "random inverse proportional",
            "random proportional",
            "random proportional downweight",
            "random proportional update",
            "random proportional update downweight",
        ];
        Assert.Equal(expected, labels);
        Assert.Equal("vsv", PolicyConfiguration.All[^1].PaperLabel);
        Assert.Equal(17, PolicyConfiguration.ParseList("all").Count);
        Assert.Equal(["baseline", "moderate", "baseline+guard", "baseline+guard:0.2", "random-power+guard", "random-proportional+guard"],
            PolicyConfiguration.ParseList("guarded").Select(c => c.Name));
        Assert.Contains(PolicyConfiguration.All, c => c.Spec == AugBuild.Engine.Settings.SelectionSettings.Default.Policy);
    }
}
