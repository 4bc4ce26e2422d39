namespace AugBuild.Cli.Tests.Reliability;

/// <summary>Cancelling <c>augbuild run</c> (Ctrl+C, MSBuild cancellation): AUG6003, exit 130, the previous dataset intact.</summary>
public sealed class CancellationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-rel-cancel-").FullName;

    private string Out => Path.Combine(_dir, "out");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Args(string budget) =>
        ["run", "--images", Path.Combine(_dir, "images"), "--out", Out, "--budget", budget, "--featurizer", "pixels:8:gray",
         "--cache", Path.Combine(_dir, "cache"), "--C", "1", "--transforms", "rotate"];

    [Theory]
    [InlineData("augbuild: featurize ")]
    [InlineData("augbuild: materialize ")]
    public async Task CancelledMidStageExitsWith130AndTheNextRunRecovers(string trigger)
    {
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "images"), perClass: 40, side: 16);
        Assert.Equal(0, (await CliRunner.RunAsync(Args("5"))).ExitCode);
        var before = OutputCheck.Snapshot(Out);
        if (trigger.Contains("featurize")) Directory.Delete(Path.Combine(_dir, "cache"), recursive: true);
        File.Delete(Path.Combine(Out, "scores.parquet")); // forces the score stage, so every stage runs

        using var cts = new CancellationTokenSource();
        var stdout = new StringWriter();
        var stderr = new TriggerWriter(trigger, cts);
        var code = await CliApp.RunAsync(Args("100%"), stdout, stderr, cts.Token);

        Assert.True(cts.IsCancellationRequested, "never reached: " + stderr);
        Assert.True(code == 130, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Equal("AUG6003", Assert.Single(OutputCheck.Errors(stderr.ToString())).Code);
        Assert.Equal(before, OutputCheck.Snapshot(Out));
        Assert.Empty(OutputCheck.Leftovers(Out));

        var next = await CliRunner.RunAsync(Args("100%"));
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(80 * 15, OutputCheck.DatasetRows(Out));
    }

    /// <summary>Captures stderr and cancels when a line starting with <paramref name="prefix"/> is written.</summary>
    private sealed class TriggerWriter(string prefix, CancellationTokenSource cts) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(prefix, StringComparison.Ordinal) == true) cts.Cancel();
        }
    }
}
