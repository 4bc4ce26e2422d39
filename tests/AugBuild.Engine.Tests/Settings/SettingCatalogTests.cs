using System.Text.RegularExpressions;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Tests.Settings;

/// <summary>The catalog is the one list of settings: its defaults parse, its names are unique, and every door lists each setting.</summary>
public sealed partial class SettingCatalogTests
{
    [Fact]
    public void EveryDefaultIsValidAndEveryNameUnique()
    {
        Assert.Empty(SettingCatalog.Check(SettingValues.Empty));
        Assert.Equal(SettingCatalog.All.Count, SettingCatalog.All.Select(d => d.Option).Distinct().Count());
        Assert.Equal(SettingCatalog.All.Count, SettingCatalog.All.Select(d => d.Property.ToUpperInvariant()).Distinct().Count());
        Assert.All(SettingCatalog.All, d => Assert.StartsWith("Aug", d.Property, StringComparison.Ordinal));
    }

    [Fact]
    public void TheTargetsPassEverySettingOnceAndNothingElse()
    {
        var targets = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "build", "AugBuild.targets"));
        var passed = SettingItem().Matches(targets).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(SettingCatalog.All.Select(d => d.Property).Order(), passed.Order());
    }

    [Fact]
    public void EverySettingIsDocumentedForMsBuild()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "msbuild.md"));
        Assert.All(SettingCatalog.All, d => Assert.Contains($"| `{d.Property}` |", doc, StringComparison.Ordinal));
    }

    [Fact]
    public void TheRecordsDefaultsAreTheCatalogs()
    {
        Assert.Equal("10%", SelectionSettings.Default.Budget.ToString());
        Assert.Equal("moderate", SelectionSettings.Default.Policy.ToString());
        Assert.Equal("influence", SelectionSettings.Default.Score);
        Assert.Null(SelectionSettings.Default.C);
        Assert.Equal(32, FeaturizationSettings.Default.BatchSize);
        Assert.Equal("auto", FeaturizationSettings.Default.Device);
        Assert.Equal("resnet18", FeaturizationSettings.Default.Spec);
        Assert.Equal("translate", OutputSettings.Default.Transforms.ToString());
        Assert.Equal(Engine.Materialization.ShardSize.Default, OutputSettings.Default.ShardSizeBytes);
    }

    [Fact]
    public void CEntersTheScoreStampAndTheBudgetTheSelectStamp()
    {
        var request = new RunRequest { Images = "i", OutputDir = "o" };
        string Lines(RunRequest r, SettingStage stage) => string.Join("\n", SettingCatalog.StampLines(stage, r.Values().Canonical));
        var fixedC = request with { Selection = request.Selection with { C = 2 } };
        var budget = request with { Selection = request.Selection with { Budget = Engine.Selection.Budget.Parse("20%") } };

        Assert.NotEqual(Lines(request, SettingStage.Score), Lines(fixedC, SettingStage.Score));
        Assert.Equal(Lines(request, SettingStage.Select), Lines(fixedC, SettingStage.Select));
        Assert.Equal(Lines(request, SettingStage.Score), Lines(budget, SettingStage.Score));
        Assert.NotEqual(Lines(request, SettingStage.Select), Lines(budget, SettingStage.Select));
        // The device changes no output, so it is in no stamp.
        var gpu = request with { Featurization = request.Featurization with { Device = "cuda" } };
        Assert.All(Enum.GetValues<SettingStage>().Where(s => s != SettingStage.None), s => Assert.Equal(Lines(request, s), Lines(gpu, s)));
    }

    [GeneratedRegex(@"<_AugSetting Include=""(\w+)""")]
    private static partial Regex SettingItem();
}
