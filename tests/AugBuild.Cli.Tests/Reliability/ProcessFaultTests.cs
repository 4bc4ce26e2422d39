namespace AugBuild.Cli.Tests.Reliability;

/// <summary>
/// Real worker processes: killed with SIGKILL mid-stage, and two at once on one output folder or one cache.
/// Nothing is cleaned up by hand between runs: recovery is the next run's job.
/// </summary>
public sealed class ProcessFaultTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-rel-proc-").FullName;

    // 96 px images: each stage must outlast a second process's start even on an idle machine (at 24 px a whole run took 1 s).
    public ProcessFaultTests() => SyntheticImages.WriteDarkLight(Images, perClass: 120, side: 96);

    private string Images => Path.Combine(_dir, "images");

    private string Out => Path.Combine(_dir, "out");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Args(string budget, string cache = "cache", string c = "1", string? outDir = null) =>
        ["run", "--images", Images, "--out", outDir ?? Out, "--budget", budget, "--featurizer", "pixels:16:gray", "--device", "cpu",
         "--cache", Path.Combine(_dir, cache), "--C", c, "--transforms", "rotate", "--seed", "1"];

    [Theory]
    [InlineData("featurize")]
    [InlineData("materialize")]
    public async Task AKilledRunLeavesThePreviousDatasetAndTheNextRunRecovers(string stage)
    {
        var first = await CliRunner.RunAsync(Args("5"));
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = OutputCheck.Snapshot(Out);

        // featurize: a new C and an empty cache rerun the score stage; materialize: a new budget reruns select and materialize.
        var args = stage == "featurize" ? Args("5", cache: "cache2", c: "2") : Args("100%");
        using (var worker = WorkerProcess.Start(args))
        {
            Assert.True(await worker.WaitForLineAsync(l => l.StartsWith($"augbuild: {stage} ", StringComparison.Ordinal), Timeout), worker.ToString());
            worker.Kill();
            var code = await worker.WaitForExitAsync(Timeout);
            Assert.True(code != 0, $"the run finished before it was killed: {worker}");
        }

        Assert.Equal(before, OutputCheck.Snapshot(Out));
        Assert.All(Directory.GetDirectories(Path.Combine(Out, "dataset")), d => Assert.StartsWith(".augbuild-tmp-", Path.GetFileName(d)));
        Assert.Equal(240, DatasetReader.RowCount(Path.Combine(Out, "scores.parquet")));
        Assert.Equal(240, DatasetReader.RowCount(Path.Combine(Out, "selection.parquet")));

        var next = await CliRunner.RunAsync(args);

        Assert.True(next.ExitCode == 0, next.ToString());
        // Killed in materialize, select had finished and stamped its output: only materialize reruns.
        Assert.Contains(stage == "featurize" ? "ran score, select, materialize" : "ran materialize in", next.Stdout);
        Assert.Equal(stage == "featurize" ? 240 + 5 * 14 : 240 * 15, OutputCheck.DatasetRows(Out));
        Assert.Empty(OutputCheck.Leftovers(Out));
    }

    [Fact]
    public async Task TwoRunsOnOneOutputFolderNeverInterleaveTheSecondFailsFastWhileTheFirstHoldsIt()
    {
        using var first = WorkerProcess.Start(Args("100%"));
        Assert.True(await first.WaitForLineAsync(l => l.StartsWith("augbuild: featurize ", StringComparison.Ordinal), Timeout), first.ToString());
        using var second = WorkerProcess.Start(Args("100%"));

        var secondCode = await second.WaitForExitAsync(Timeout);
        var firstStillRunning = !first.HasExited;
        var firstCode = await first.WaitForExitAsync(Timeout);

        Assert.True(firstCode == 0, first.ToString());
        if (firstStillRunning)
        {
            Assert.True(secondCode == 1, second.ToString());
            Assert.Equal("AUG6041", Assert.Single(OutputCheck.Errors(second.Stderr)).Code);
        }
        else
        {
            Assert.True(secondCode == 0 || OutputCheck.Errors(second.Stderr).Any(e => e.Code == "AUG6041"), second.ToString());
        }

        Assert.Equal(240 * 15, OutputCheck.DatasetRows(Out));
        Assert.Empty(OutputCheck.Leftovers(Out));
    }

    [Fact]
    public async Task TwoRunsSharingOneCacheBothSucceedAndLeaveItConsistent()
    {
        using var a = WorkerProcess.Start(Args("10", cache: "shared", outDir: Path.Combine(_dir, "a")));
        using var b = WorkerProcess.Start(Args("10", cache: "shared", outDir: Path.Combine(_dir, "b")));

        Assert.True(await a.WaitForExitAsync(Timeout) == 0, a.ToString());
        Assert.True(await b.WaitForExitAsync(Timeout) == 0, b.ToString());

        var c = await CliRunner.RunAsync(Args("10", cache: "shared", outDir: Path.Combine(_dir, "c")));
        Assert.True(c.ExitCode == 0, c.ToString());
        Assert.Contains("featurize 240 images: 0 computed, 240 cached", c.Stdout);
        Assert.DoesNotContain("AUG2019", c.Stderr);
        Assert.Equal(
            File.ReadAllBytes(Directory.GetFiles(Path.Combine(_dir, "a", "dataset"), "*.parquet").Single()),
            File.ReadAllBytes(Directory.GetFiles(Path.Combine(_dir, "c", "dataset"), "*.parquet").Single()));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "shared"), "*.tmp", SearchOption.AllDirectories));
    }
}
