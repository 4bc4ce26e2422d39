using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Settings;
using AugBuild.Engine.Tests.Reliability;
using ParquetSharp;

namespace AugBuild.Engine.Tests.Pipeline;

/// <summary>scores.parquet, read back with Arrow C++'s reader: loss always, influence null where not computed.</summary>
public sealed class ScoresTableTests : IDisposable
{
    private readonly PipelineFixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task<(double[] Loss, double?[] Influence, bool InfluenceNullable)> ScoreAsync(string? score)
    {
        var outcome = await ScoreStage.RunAsync(
            new ScoreRequest
            {
                Images = _f.Images,
                OutputDir = _f.Out,
                Featurization = FeaturizationSettings.Default with { Featurizer = "pixels:8:gray", CacheDir = _f.Cache, Device = "cpu" },
                C = 1,
                Score = score,
            },
            NullReporter.Instance);
        using var file = new ParquetFileReader(outcome.ScoresFile);
        var schema = file.FileMetaData.Schema;
        int Column(string name) => Enumerable.Range(0, schema.NumColumns).Single(i => schema.Column(i).Name == name);
        using var group = file.RowGroup(0);
        int n = checked((int)group.MetaData.NumRows);
        using var loss = group.Column(Column("loss")).LogicalReader<double>();
        using var influence = group.Column(Column("influence")).LogicalReader<double?>();
        return (loss.ReadAll(n), influence.ReadAll(n), schema.Column(Column("influence")).MaxDefinitionLevel > 0);
    }

    [Fact]
    public async Task Loss_is_written_under_score_influence()
    {
        var (loss, influence, _) = await ScoreAsync("influence");

        Assert.Equal(16, loss.Length);
        Assert.All(loss, v => Assert.True(double.IsFinite(v) && v > 0, $"loss {v}"));
        Assert.All(influence, v => Assert.True(v is { } x && double.IsFinite(x)));
        var (allLoss, _, _) = await ScoreAsync(null);
        Assert.Equal(allLoss, loss);
    }

    [Fact]
    public async Task An_influence_not_computed_is_null_not_NaN()
    {
        var (loss, influence, nullable) = await ScoreAsync("loss");

        Assert.True(nullable);
        Assert.All(influence, v => Assert.Null(v));
        Assert.All(loss, v => Assert.True(double.IsFinite(v)));
    }
}
