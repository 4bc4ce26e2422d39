using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Selection;
using AugBuild.Settings;

namespace AugBuild.Engine.Tests.Selection;

public sealed class BudgetTests
{
    [Theory]
    [InlineData("100", 1000, 100)]
    [InlineData(" 7 ", 10, 7)]
    [InlineData("0", 50, 0)]
    [InlineData("10%", 1000, 100)]
    [InlineData("10 %", 1000, 100)]
    [InlineData("10%", 15, 2)]      // 1.5 rounds half away from zero
    [InlineData("10%", 14, 1)]      // 1.4 rounds down
    [InlineData("2.5%", 1000, 25)]
    [InlineData("0%", 1000, 0)]
    [InlineData("100%", 37, 37)]
    [InlineData("0.1%", 1000, 1)]
    public void ParsesAndResolves(string text, int n, int expected)
    {
        var reporter = new CollectingReporter();
        Assert.Equal(expected, Budget.Parse(text).Resolve(n, reporter));
        Assert.Empty(reporter.Warnings);
    }

    [Theory]
    [InlineData("abc", SettingErrors.BudgetMalformed)]
    [InlineData("", SettingErrors.BudgetMalformed)]
    [InlineData("1.5", SettingErrors.BudgetMalformed)]
    [InlineData("%", SettingErrors.BudgetMalformed)]
    [InlineData("10%%", SettingErrors.BudgetMalformed)]
    [InlineData("NaN%", SettingErrors.BudgetMalformed)]
    [InlineData("Infinity%", SettingErrors.BudgetMalformed)]
    [InlineData("1e2%", SettingErrors.BudgetMalformed)]
    [InlineData("-5", SettingErrors.BudgetNegative)]
    [InlineData("-5%", SettingErrors.BudgetNegative)]
    [InlineData("150%", SettingErrors.BudgetPercentTooLarge)]
    [InlineData("100.5%", SettingErrors.BudgetPercentTooLarge)]
    public void RejectsBadText(string text, string code)
    {
        var ex = Assert.Throws<AugBuildException>(() => Budget.Parse(text, "AugBuildBudget"));
        Assert.Equal(code, ex.Code);
        Assert.Equal("AugBuildBudget", ex.File);
        Assert.Contains("AugBuildBudget", ex.Message);
    }

    [Fact]
    public void CountAboveNIsClampedWithCodedWarning()
    {
        var reporter = new CollectingReporter();
        Assert.Equal(40, Budget.Parse("150").Resolve(40, reporter));
        var warning = Assert.Single(reporter.Warnings);
        Assert.Equal(SelectionErrors.BudgetClamped, warning.Code);
        Assert.Contains("150", warning.Message);
    }

    [Fact]
    public void RoundTripsThroughText()
    {
        Assert.Equal("12", Budget.Parse("12").ToString());
        Assert.Equal("2.5%", Budget.Parse("2.5%").ToString());
        Assert.Equal(Budget.Percent(2.5), Budget.Parse("2.5%"));
        Assert.Equal(Budget.Count(12), Budget.Parse("12"));
    }
}
