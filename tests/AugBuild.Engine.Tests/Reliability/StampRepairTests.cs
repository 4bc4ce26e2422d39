using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>Stamps vouch for the files their stage wrote (size and hash): a damaged or swapped output reruns its stage.</summary>
public sealed class StampRepairTests : IDisposable
{
    private readonly PipelineFixture _f = new(perClass: 10);

    public void Dispose() => _f.Dispose();

    private RunRequest Request()
    {
        var request = _f.Request("50%");
        return request with { Output = request.Output with { ShardSizeBytes = 4096 } };
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("truncate")]
    [InlineData("replace")]
    public async Task ADeletedTruncatedOrReplacedShardRerunsMaterializeAndTheDatasetIsWholeAgain(string damage)
    {
        await RunPipeline.RunAsync(Request(), new CollectingReporter());
        var before = _f.Snapshot();
        var shards = before.Keys.Where(k => k.StartsWith("train-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.True(shards.Count >= 2, $"expected several shards, got {shards.Count}");
        var victim = Path.Combine(_f.DatasetDir, shards[1]);
        switch (damage)
        {
            case "delete": File.Delete(victim); break;
            case "truncate": File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..100]); break;
            default:
                var bytes = File.ReadAllBytes(Path.Combine(_f.DatasetDir, shards[0]));
                File.WriteAllBytes(victim, bytes); // a whole Parquet file, but not this shard
                break;
        }

        var rerun = await RunPipeline.RunAsync(Request(), new CollectingReporter());

        Assert.Equal(["materialize"], rerun.StagesRun);
        Assert.Equal(before, _f.Snapshot());
        Assert.Equal(20, _f.ReadDataset().Count(r => !r.Augmented));
    }

    [Fact]
    public async Task AScoresFileSwappedInFromAnotherRunIsRecomputedNotReused()
    {
        await RunPipeline.RunAsync(Request(), new CollectingReporter());
        var scores = Path.Combine(_f.Out, ScoreStage.ScoresFileName);
        var ours = File.ReadAllBytes(scores);
        var otherOut = Path.Combine(_f.Root, "other");
        await RunPipeline.RunAsync(Request() with { OutputDir = otherOut, Selection = Request().Selection with { C = 0.01 } }, new CollectingReporter());
        var theirs = File.ReadAllBytes(Path.Combine(otherOut, ScoreStage.ScoresFileName));
        Assert.NotEqual(ours, theirs);
        File.WriteAllBytes(scores, theirs);

        var reporter = new CollectingReporter();
        var rerun = await RunPipeline.RunAsync(Request(), reporter);

        Assert.Contains("score", rerun.StagesRun);
        Assert.DoesNotContain(reporter.Infos, i => i.StartsWith("score:", StringComparison.Ordinal) && i.Contains("unchanged", StringComparison.Ordinal));
        Assert.Equal(ours, File.ReadAllBytes(scores));
    }

    [Fact]
    public async Task ASwappedSelectionRerunsSelectAndAnUnchangedRerunDoesNothing()
    {
        await RunPipeline.RunAsync(Request(), new CollectingReporter());
        var selection = Path.Combine(_f.Out, SelectStage.SelectionFileName);
        var ours = File.ReadAllBytes(selection);
        var otherOut = Path.Combine(_f.Root, "other");
        await RunPipeline.RunAsync(Request() with { OutputDir = otherOut, Selection = Request().Selection with { Budget = AugBuild.Engine.Selection.Budget.Parse("10%") } }, new CollectingReporter());
        File.Copy(Path.Combine(otherOut, SelectStage.SelectionFileName), selection, overwrite: true);

        var rerun = await RunPipeline.RunAsync(Request(), new CollectingReporter());
        var again = await RunPipeline.RunAsync(Request(), new CollectingReporter());

        Assert.Equal(["select"], rerun.StagesRun);
        Assert.Equal(ours, File.ReadAllBytes(selection));
        Assert.Empty(again.StagesRun);
    }
}
