using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Experiments;

namespace AugBuild.Engine.Tests.Experiments;

public sealed class ExperimentJournalTests : IDisposable
{
    private static readonly int[] Grid = [0, 2, 5, 10, 20, 50, 100];

    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Journal => Path.Combine(_dir, "runs.txt");

    private ExperimentOptions Options(long seed = 11) => new()
    {
        Budgets = Grid,
        Rounds = 3,
        C = 10,
        Seed = seed,
        MaxDegreeOfParallelism = 2,
        JournalPath = Journal,
    };

    [Fact]
    public void AStudyCancelledPartWayResumesFromItsJournalWithTheSameResults()
    {
        var features = BoundaryProblem.Create();
        var uninterrupted = ExperimentRunner.Run(features, Options() with { JournalPath = null }, NullReporter.Instance);

        using (var cancel = new CancellationTokenSource())
        {
            var stopper = new CancelAfterRuns(cancel, runs: 5);
            Assert.ThrowsAny<OperationCanceledException>(() => ExperimentRunner.Run(features, Options(), stopper, cancel.Token));
        }

        var finished = File.ReadAllLines(Journal).Length - 1;
        Assert.InRange(finished, 5, 40);
        var reporter = new CollectingReporter();
        var resumed = ExperimentRunner.Run(features, Options(), reporter);

        Assert.Contains(reporter.Infos, m => m.StartsWith($"experiment: resumed {finished} of ", StringComparison.Ordinal));
        Assert.Equal(Flatten(uninterrupted), Flatten(resumed));
        Assert.Equal(uninterrupted.Aucs.Select(a => a.Mean), resumed.Aucs.Select(a => a.Mean));

        // Finished: every run is in the journal, so a rerun (e.g. for another report margin) fits no run again.
        var again = new CollectingReporter();
        Assert.Equal(Flatten(uninterrupted), Flatten(ExperimentRunner.Run(features, Options(), again)));
        var total = File.ReadAllLines(Journal).Length - 1;
        Assert.Contains($"experiment: resumed {total} of {total} runs from {Journal}", again.Infos);
    }

    [Fact]
    public void AJournalOfOtherInputsIsStartedAfresh()
    {
        var features = BoundaryProblem.Create(far: 20, near: 6, test: 10);
        ExperimentRunner.Run(features, Options(seed: 1), NullReporter.Instance);

        var reporter = new CollectingReporter();
        var other = ExperimentRunner.Run(features, Options(seed: 2), reporter);

        Assert.DoesNotContain(reporter.Infos, m => m.Contains("resumed", StringComparison.Ordinal));
        Assert.Equal(Flatten(ExperimentRunner.Run(features, Options(seed: 2) with { JournalPath = null }, NullReporter.Instance)), Flatten(other));
    }

    [Fact]
    public void ALineCutShortByAKillIsDroppedAndLaterLinesStayReadable()
    {
        const string stamp = "stamp-1";
        using (var journal = ExperimentJournal.Open(Journal, stamp))
        {
            journal.Record("baseline|loss|0", [0.5, 0.75]);
            journal.Record("baseline|loss|1", [0.25, 0.125]);
        }

        File.AppendAllText(Journal, "baseline|loss|2\t0.5,0.7"); // a kill mid-line: no newline, a value cut short

        using (var journal = ExperimentJournal.Open(Journal, stamp))
        {
            Assert.Equal(2, journal.ResumedCount);
            Assert.True(journal.TryGet("baseline|loss|1", 2, out var kept));
            Assert.Equal([0.25, 0.125], kept);
            Assert.False(journal.TryGet("baseline|loss|2", 2, out _));
            Assert.False(journal.TryGet("baseline|loss|0", 3, out _)); // another budget grid never matches
            journal.Record("baseline|loss|2", [0.5, 0.625]);
        }

        using var reopened = ExperimentJournal.Open(Journal, stamp);
        Assert.Equal(3, reopened.ResumedCount);
        Assert.True(reopened.TryGet("baseline|loss|2", 2, out var rewritten));
        Assert.Equal([0.5, 0.625], rewritten);
    }

    private static List<string> Flatten(ExperimentResult result) => ExperimentRunnerTests.Flatten(result);

    /// <summary>Cancels the study once it has reported a number of finished runs.</summary>
    private sealed class CancelAfterRuns(CancellationTokenSource cancel, int runs) : IReporter
    {
        public void Info(string message) { }

        public void Warning(string code, string message, string? file = null) { }

        public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images)
        {
            if (stage == "experiment" && done >= runs) cancel.Cancel();
        }
    }
}
