using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>Cancellation in each stage, a held lock and stale temporaries: the previous dataset survives and the next run recovers.</summary>
public sealed class FaultTests : IDisposable
{
    private readonly PipelineFixture _f = new(perClass: 10);

    public void Dispose() => _f.Dispose();

    public static TheoryData<string> Stages => new() { "score", "select", "materialize" };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task CancellingAStageKeepsThePreviousDatasetAndTheNextRunRecovers(string stage)
    {
        await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());
        var before = _f.Snapshot();
        var stamps = Directory.GetFiles(Path.Combine(_f.Out, RunPipeline.StateFolder), "*.stamp").ToDictionary(f => f, File.ReadAllText);

        // A change that reruns the stage under test (and those after it).
        var changed = stage switch
        {
            "score" => _f.Request() with { Selection = _f.Request().Selection with { C = 2 } },
            "select" => _f.Request(budget: "50%"),
            _ => _f.Request(transforms: "flip-h,rotate"),
        };
        using var cts = new CancellationTokenSource();
        var trigger = new CancellingReporter(cts, stage switch
        {
            "score" => m => m.StartsWith("progress featurize", StringComparison.Ordinal),
            "select" => m => m.StartsWith("score: ", StringComparison.Ordinal), // printed as select starts
            _ => m => m.StartsWith("progress materialize", StringComparison.Ordinal),
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunPipeline.RunAsync(changed, trigger, cts.Token));

        Assert.True(cts.IsCancellationRequested, "the trigger never fired");
        Assert.Equal(before, _f.Snapshot());
        Assert.Empty(_f.Leftovers());
        // No stamp claims the cancelled work: the interrupted stage's stamp is gone, the others are as they were.
        foreach (var (file, text) in stamps)
        {
            if (Path.GetFileName(file) == $"{stage}.stamp")
                Assert.False(File.Exists(file));
            else
                Assert.Equal(text, File.ReadAllText(file));
        }

        var recovered = await RunPipeline.RunAsync(changed, new CollectingReporter());

        Assert.Contains(stage, recovered.StagesRun);
        Assert.NotEqual(before, _f.Snapshot());
        Assert.Equal(20, _f.ReadDataset().Count(r => !r.Augmented));
        Assert.Empty(_f.Leftovers());
    }

    [Fact]
    public async Task ASecondRunOnABusyOutputFolderFailsFastWithACodeAndTouchesNothing()
    {
        await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());
        var before = _f.Snapshot();

        using (RunLock.Acquire(_f.Out))
        {
            var e = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(_f.Request(budget: "50%"), new CollectingReporter()));
            Assert.Equal(PipelineErrors.OutputFolderBusy, e.Code);
            Assert.Contains("Another AugBuild run", e.Message);
        }

        Assert.Equal(before, _f.Snapshot());
        var after = await RunPipeline.RunAsync(_f.Request(budget: "50%"), new CollectingReporter());
        Assert.Contains("select", after.StagesRun);
    }

    [Fact]
    public async Task TemporariesOfAKilledRunAreRemovedAndStaleStampsRerunTheirStage()
    {
        await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());
        var state = Path.Combine(_f.Out, RunPipeline.StateFolder);
        File.WriteAllText(AugBuild.Engine.Tables.AtomicFile.TempNameFor(Path.Combine(_f.Out, ScoreStage.ScoresFileName)), "half a table");
        File.WriteAllText(Path.Combine(state, "select.stamp.tmp"), "half a stamp");
        var deadTemp = Path.Combine(_f.DatasetDir, ".augbuild-tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(deadTemp);
        File.WriteAllText(Path.Combine(deadTemp, "shard-00000.parquet"), "half a shard");
        File.WriteAllText(Path.Combine(state, "materialize.stamp"), "garbage"); // as if killed between rename and stamp

        var rerun = await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());

        Assert.Equal(["materialize"], rerun.StagesRun);
        Assert.Empty(_f.Leftovers());
    }

    [Fact]
    public async Task ACrashBetweenAnOutputAndItsStampNeverLetsTheOldStampVouchForTheNewFile()
    {
        await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());
        var selection = Path.Combine(_f.Out, SelectStage.SelectionFileName);
        var original = File.ReadAllBytes(selection);

        // Another budget dies right after selection.parquet is replaced, before select.stamp is written.
        await Assert.ThrowsAsync<InvalidOperationException>(() => RunPipeline.RunAsync(_f.Request(budget: "75%"),
            new CrashingReporter(m => m.StartsWith("selected ", StringComparison.Ordinal))));
        Assert.NotEqual(original, File.ReadAllBytes(selection));

        var again = await RunPipeline.RunAsync(_f.Request(), new CollectingReporter());

        Assert.Contains("select", again.StagesRun);
        Assert.Equal(original, File.ReadAllBytes(selection));
    }

    /// <summary>Throws (a crash at that point) when an info message matches.</summary>
    private sealed class CrashingReporter(Func<string, bool> when) : IReporter
    {
        public void Info(string message)
        {
            if (when(message)) throw new InvalidOperationException("crash");
        }

        public void Warning(string code, string message, string? file = null) { }

        public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images) { }
    }

    /// <summary>Cancels when a message (info text, or "progress &lt;stage&gt;") matches.</summary>
    private sealed class CancellingReporter(CancellationTokenSource cts, Func<string, bool> when) : IReporter
    {
        public void Info(string message) => Check(message);

        public void Warning(string code, string message, string? file = null) { }

        public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images) => Check($"progress {stage}");

        private void Check(string message)
        {
            if (when(message)) cts.Cancel();
        }
    }
}
