namespace AugBuild.Cli.Tests.Reliability;

/// <summary>
/// Inputs that used to crash (AUG6099), hang or write into the current folder: each is one coded line, checked
/// before any stage writes. SIGTERM and SIGHUP cancel like Ctrl+C: temporaries removed, AUG6003.
/// </summary>
public sealed class CodedErrorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-rel-coded-").FullName;

    public CodedErrorTests() => SyntheticImages.WriteDarkLight(Images, perClass: 5, side: 8);

    private string Images => Path.Combine(_dir, "images");

    private string Out => Path.Combine(_dir, "out");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] RunArgs(params string[] extra)
    {
        var args = new List<string> { "run", "--images", Images, "--out", Out, "--budget", "50%", "--featurizer", "pixels:8:gray", "--cache", Path.Combine(_dir, "cache"), "--C", "1" };
        for (var i = 0; i < extra.Length; i += 2)
        {
            var at = args.IndexOf(extra[i]);
            if (at >= 0) args[at + 1] = extra[i + 1];
            else args.AddRange([extra[i], extra[i + 1]]);
        }

        return [.. args];
    }

    [Theory]
    [InlineData("run", "--out")]
    [InlineData("run", "--images")]
    [InlineData("run", "--cache")]
    [InlineData("run", "--featurizer")]
    [InlineData("run", "--transforms")]
    [InlineData("score", "--out")]
    [InlineData("score", "--images")]
    [InlineData("select", "--scores")]
    [InlineData("materialize", "--selection")]
    [InlineData("experiment", "--train")]
    [InlineData("experiment", "--test")]
    [InlineData("experiment", "--out")]
    public async Task AnEmptyOptionIsAUsageErrorNamingItAndNothingIsWritten(string command, string option)
    {
        string[] args = command switch
        {
            "run" => RunArgs(option, ""),
            "score" => ["score", "--images", option == "--images" ? "" : Images, "--out", option == "--out" ? "" : Out, "--featurizer", "pixels:8"],
            "select" => ["select", "--scores", "", "--out", Out, "--budget", "10%"],
            "materialize" => ["materialize", "--images", Images, "--selection", "", "--out", Out],
            _ => ["experiment", "--train", option == "--train" ? "" : Images, "--test", option == "--test" ? "" : Images,
                  "--out", option == "--out" ? "" : Out, "--transforms", "flip-h", "--featurizer", "pixels:8"],
        };
        var cwdBefore = Directory.GetFileSystemEntries(Environment.CurrentDirectory).Length;

        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        var error = Assert.Single(OutputCheck.Errors(result.Stderr));
        Assert.Equal("AUG6002", error.Code);
        Assert.Contains(option, error.Message);
        Assert.False(Directory.Exists(Out), "nothing written for an empty option");
        Assert.Equal(cwdBefore, Directory.GetFileSystemEntries(Environment.CurrentDirectory).Length);
    }

    [Fact]
    public async Task TheScoresTableGivenAsTheSelectionIsRefused()
    {
        Assert.Equal(0, (await CliRunner.RunAsync(RunArgs())).ExitCode);

        var result = await CliRunner.RunAsync("materialize", "--images", Images, "--selection", Path.Combine(Out, "scores.parquet"), "--out", Path.Combine(_dir, "out2"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = Assert.Single(OutputCheck.Errors(result.Stderr));
        Assert.Equal("AUG6310", error.Code);
        Assert.Contains("selected", error.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out2", "dataset")));
    }

    [Fact]
    public async Task AMissingImagesFolderOrADatasetPathThatIsAFileFailsBeforeAnyStageWrites()
    {
        var missing = await CliRunner.RunAsync(RunArgs("--images", Path.Combine(_dir, "nope")));
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Equal("AUG1001", Assert.Single(OutputCheck.Errors(missing.Stderr)).Code);
        Assert.False(Directory.Exists(Out));

        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "dataset"), "a file where the dataset folder goes");
        var datasetIsFile = await CliRunner.RunAsync(RunArgs());
        Assert.True(datasetIsFile.ExitCode == 1, datasetIsFile.ToString());
        Assert.Equal("AUG5053", Assert.Single(OutputCheck.Errors(datasetIsFile.Stderr)).Code);
        Assert.False(File.Exists(Path.Combine(Out, "scores.parquet")), "refused before scoring");
    }

    [Fact]
    public async Task VerifyCacheRecomputesTheCachedFeaturesAndRefusesABadPercentage()
    {
        Assert.Equal(0, (await CliRunner.RunAsync(RunArgs())).ExitCode);
        Directory.Delete(Path.Combine(Out, ".augbuild"), recursive: true);

        var verified = await CliRunner.RunAsync(RunArgs("--verify-cache", "100%"));
        var bad = await CliRunner.RunAsync(RunArgs("--verify-cache", "150"));

        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("10 cached entries recomputed and verified", verified.Stdout + verified.Stderr);
        Assert.True(bad.ExitCode == 2, bad.ToString()); // a bad setting is a usage error at every door
        Assert.Equal("AUG2311", Assert.Single(OutputCheck.Errors(bad.Stderr)).Code);
    }

    [Theory]
    [InlineData(15, 143, "SIGTERM")]
    [InlineData(1, 129, "SIGHUP")]
    public async Task SigtermAndSighupDuringMaterializeCleanUpAndPrintTheCancelledCode(int signal, int exitCode, string name)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        // 96 px images: materialize (14 rotated copies of each, PNG-encoded) must outlast the signal's delivery even on
        // an idle machine; at 24 px it finished in 0.2 s and the signal could arrive after the run.
        SyntheticImages.WriteDarkLight(Images, perClass: 120, side: 96);
        string[] args = [.. RunArgs("--budget", "100%", "--featurizer", "pixels:16:gray", "--device", "cpu"), "--transforms", "rotate"];
        using var worker = WorkerProcess.Start(args);
        Assert.True(await worker.WaitForLineAsync(l => l.StartsWith("augbuild: materialize ", StringComparison.Ordinal), Timeout), worker.ToString());

        worker.Signal(signal);
        var code = await worker.WaitForExitAsync(Timeout);

        Assert.True(code == exitCode, $"exit {code}\n{worker}");
        var error = Assert.Single(OutputCheck.Errors(worker.Stderr));
        Assert.Equal("AUG6003", error.Code);
        Assert.Contains(name, error.Message);
        Assert.Empty(OutputCheck.Leftovers(Out));
    }
}
