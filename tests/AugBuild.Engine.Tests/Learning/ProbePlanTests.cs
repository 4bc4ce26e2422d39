using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning;

namespace AugBuild.Engine.Tests.Learning;

/// <summary>The memory estimate that picks the influence method, or refuses with a code, before any stage runs.</summary>
public sealed class ProbePlanTests
{
    private const long GB = 1_000_000_000;

    [Fact]
    public void AutoTakesExactWhileTheHessianFitsAndBlockBeyond()
    {
        // n = 10,000, d = 512, K = 10: p = 4,617, the Hessian 171 MB.
        var small = ProbePlan.Make(10_000, 512, 10, 4, InfluenceMethod.Auto, 4 * GB, "data");
        Assert.Equal(InfluenceMethod.Exact, small.Influence);
        Assert.Contains("exact", small.Reason);

        // K = 100 (CIFAR-100): p = 99 x 513 = 50,787, beyond the largest array whatever the budget.
        var cifar = ProbePlan.Make(50_000, 512, 100, 4, InfluenceMethod.Auto, 1000 * GB, "data");
        Assert.Equal(InfluenceMethod.Block, cifar.Influence);
        Assert.Contains("largest array", cifar.Reason);
        Assert.True(cifar.PeakBytes < 2 * GB, $"{cifar.PeakBytes}");
    }

    [Fact]
    public void TheD4096K10CaseTakesBlockUnderAnEightGigabyteBudgetAndRefusesExactWithACode()
    {
        // p = 9 x 4,097 = 36,873: exact needs 8 p^2 = 10.9 GB (issue 16: OutOfMemoryException in the Hessian).
        var plan = ProbePlan.Make(1000, 4096, 10, 4, InfluenceMethod.Auto, 8 * GB, "data");
        Assert.Equal(InfluenceMethod.Block, plan.Influence);
        Assert.Contains("exact influence needs about 11.", plan.Reason);
        Assert.Contains("8.0 GB budget", plan.Reason);

        var e = Assert.Throws<AugBuildException>(() => ProbePlan.Make(1000, 4096, 10, 4, InfluenceMethod.Exact, 8 * GB, "data"));
        Assert.Equal(LearningErrors.ExactInfluenceTooLarge, e.Code);
        Assert.Contains("--influence block", e.Message);
        Assert.Equal(InfluenceMethod.Exact, ProbePlan.Make(1000, 4096, 10, 4, InfluenceMethod.Exact, 16 * GB, "data").Influence);
    }

    [Fact]
    public void RefusesOnlyWhenNoMethodFits()
    {
        // ImageNet-sized features (1.28M x 512) do not fit in 4 GB at all: the fit itself is refused, naming what to change.
        var fit = Assert.Throws<AugBuildException>(() => ProbePlan.Make(1_281_167, 512, 1000, 4, null, 4 * GB, "data"));
        Assert.Equal(LearningErrors.OutOfMemoryBudget, fit.Code);
        Assert.Contains("fewer images", fit.Message);

        // Loss scores need no Hessian: fine where even block influence would not fit.
        // (C given, so no cross-validation: the fit alone is smaller than one block and its row chunks.)
        long justTheFit = ProbeMemory.Data(20_000, 512) + ProbeMemory.Fit(20_000, 512, 10);
        Assert.Null(ProbePlan.Make(20_000, 512, 10, 0, null, justTheFit, "data").Influence);
        var block = Assert.Throws<AugBuildException>(() => ProbePlan.Make(20_000, 512, 10, 0, InfluenceMethod.Auto, justTheFit, "data"));
        Assert.Equal(LearningErrors.OutOfMemoryBudget, block.Code);
        Assert.Contains("--score loss", block.Message);
    }

    [Fact]
    public void InfluenceSettingParsesOnceWithACodedError()
    {
        Assert.Equal("block", AugBuild.Settings.ChoiceGrammar.Influence(" Block ", "--influence"));
        Assert.Equal(InfluenceMethod.Block, InfluenceMethods.Parse("block"));
        Assert.Equal("exact", InfluenceMethods.Name(InfluenceMethod.Exact));
        var e = Assert.Throws<AugBuild.Settings.SettingException>(() => AugBuild.Settings.ChoiceGrammar.Influence("kfac", "AugInfluence"));
        Assert.Equal(AugBuild.Settings.SettingErrors.InvalidInfluence, e.Code);
        Assert.Contains("AugInfluence 'kfac' is not one of: auto, exact, block", e.Message);
    }
}
