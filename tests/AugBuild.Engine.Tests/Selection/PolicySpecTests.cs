using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Selection;
using AugBuild.Settings;

namespace AugBuild.Engine.Tests.Selection;

public sealed class PolicySpecTests
{
    [Theory]
    [InlineData("baseline", PolicyKind.Baseline)]
    [InlineData("deterministic-proportional", PolicyKind.DeterministicProportional)]
    [InlineData("deterministic-inverse", PolicyKind.DeterministicInverse)]
    [InlineData("random-proportional", PolicyKind.RandomProportional)]
    [InlineData("Random-Inverse", PolicyKind.RandomInverse)]
    [InlineData(" vsv ", PolicyKind.Vsv)]
    public void ParsesNames(string name, PolicyKind kind)
    {
        Assert.Equal(kind, PolicyNames.Parse(name));
        Assert.Equal(name.Trim().ToLowerInvariant(), PolicyNames.Name(kind));
    }

    [Fact]
    public void UnknownNameListsTheValidOnes()
    {
        var ex = Assert.Throws<AugBuildException>(() => PolicyNames.Parse("loss"));
        Assert.Equal(SettingErrors.UnknownPolicy, ex.Code);
        foreach (var name in PolicyNames.All)
            Assert.Contains(name, ex.Message);
    }

    [Theory]
    [InlineData(PolicyKind.Baseline, true, false)]
    [InlineData(PolicyKind.Baseline, false, true)]
    [InlineData(PolicyKind.Vsv, true, false)]
    [InlineData(PolicyKind.Vsv, false, true)]
    public void ModifiersOnlyWithScorePolicies(PolicyKind kind, bool update, bool downweight)
    {
        var ex = Assert.Throws<AugBuildException>(() => new PolicySpec(kind, update, downweight));
        Assert.Equal(SettingErrors.ModifierNotAllowed, ex.Code);
    }

    [Fact]
    public void ParsesCombinedText()
    {
        var spec = PolicySpec.Parse("random-inverse+downweight+update");
        Assert.Equal(PolicyKind.RandomInverse, spec.Kind);
        Assert.True(spec.Update);
        Assert.True(spec.Downweight);
        Assert.Equal("random-inverse+update+downweight", spec.ToString());
        Assert.Equal(spec, PolicySpec.Parse(spec.ToString()));
        Assert.Equal(SettingErrors.UnknownModifier, Assert.Throws<AugBuildException>(() => PolicySpec.Parse("random-inverse+fast")).Code);
        Assert.Equal(SettingErrors.ModifierNotAllowed, Assert.Throws<AugBuildException>(() => PolicySpec.Parse("vsv+update")).Code);
    }
}
