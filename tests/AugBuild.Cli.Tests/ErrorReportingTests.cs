namespace AugBuild.Cli.Tests;

public sealed class ErrorReportingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-cli-err-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AMissingRequiredOptionIsAUsageErrorWithExitCode2()
    {
        var result = await CliRunner.RunAsync("select", "--out", _dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--scores: error AUG6002: Option '--scores' is required.", result.Stderr);
        Assert.Contains("augbuild select --help", result.Stderr);
    }

    [Theory]
    [InlineData("abc", "AUG4001")]
    [InlineData("-5", "AUG4002")]
    [InlineData("150%", "AUG4003")]
    public async Task ABadBudgetIsACanonicalCodedErrorNamingTheOption(string budget, string code)
    {
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "img"), perClass: 4);

        var result = await CliRunner.RunAsync("run", "--images", Path.Combine(_dir, "img"), "--out", Path.Combine(_dir, "o"), "--budget", budget,
            "--featurizer", "pixels", "--cache", Path.Combine(_dir, "c"), "--C", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--budget: error {code}:", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir, "o", "dataset")));
    }

    [Fact]
    public async Task AMissingDatasetNamesThePath()
    {
        var missing = Path.Combine(_dir, "nope");

        var result = await CliRunner.RunAsync("score", "--images", missing, "--out", _dir, "--featurizer", "pixels");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{missing}: error AUG1001:", result.Stderr);
    }

    [Fact]
    public async Task AnInvalidCIsRejectedBeforeAnyWork()
    {
        var result = await CliRunner.RunAsync("score", "--images", _dir, "--out", _dir, "--C", "-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--C: error AUG3110: --C must be a positive number or 'cv'", result.Stderr);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("score")]
    [InlineData("select")]
    [InlineData("materialize")]
    public async Task EveryCommandHasHelp(string command)
    {
        var result = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--out", result.Stdout);
    }
}
