using System.Xml.Linq;
using AugBuild.Cli.Tests.Reliability;

namespace AugBuild.Cli.Tests;

public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-cli-experiment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ExperimentWritesResultsAucAndASelfContainedReport()
    {
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "train"), perClass: 8, seed: 1);
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "test"), perClass: 4, seed: 2);
        var output = Path.Combine(_dir, "out");

        var result = await CliRunner.RunAsync(
            "experiment", "--train", Path.Combine(_dir, "train"), "--test", Path.Combine(_dir, "test"), "--transforms", "translate",
            "--featurizer", "pixels", "--cache", Path.Combine(_dir, "cache"), "--C", "1", "--rounds", "2", "--budgets", "0,2,4,100",
            "--policies", "paper", "--seed", "3", "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        // Featurized once each: 16 train + 8 test originals, then 4 copies of each.
        Assert.Contains("featurize 64 augmented copies: 64 computed", result.Stdout);
        Assert.Contains("featurize 32 augmented copies: 32 computed", result.Stdout);
        Assert.Contains("over budgets 0,2,4,16 (n = 16, 40 test rows, C = 1)", result.Stdout);
        Assert.Matches(@"experiment: loss: .+ (beats random selection|does not beat random selection|does not beat it): mean accuracy over budgets up to 25% [0-9.]+% vs [0-9.]+% \+- [0-9.]+ \([+-]?[0-9.]+ points\); at 2 images", result.Stdout);
        Assert.Matches(@"experiment: influence: .+ (beats|does not beat) (random selection|it)", result.Stdout);

        var results = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Equal("policy,score,update,downweight,round,budget,accuracy", results[0]);
        // Per score: baseline 2 + det-prop x4 1 + rand-prop x4 2 + det-inv 1 + rand-inv 2 = 17 runs; 4 budgets each.
        Assert.Equal(1 + 2 * 17 * 4, results.Length);
        var auc = File.ReadAllLines(Path.Combine(output, "auc.csv"));
        Assert.Equal("policy,score,update,downweight,auc_mean,auc_std,mean_accuracy_pct,mean_accuracy_pct_std", auc[0]);
        Assert.Equal(1 + 22, auc.Length);

        var report = XDocument.Parse(File.ReadAllText(Path.Combine(output, "report.html")));
        XNamespace html = "http://www.w3.org/1999/xhtml";
        // Highest and lowest 10 per score, plus one thumbnail per suspected label issue.
        var suspects = int.Parse(System.Text.RegularExpressions.Regex.Match(report.Root!.Value, @"Suspected label issues: (\d+) of 16").Groups[1].Value);
        Assert.Equal(20 * 2 + suspects, report.Descendants(html + "img").Count());
        Assert.DoesNotContain("http://", report.ToString().Replace("http://www.w3.org/", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // A rerun with another margin reuses every finished run from the journal and writes the same tables.
        var tables = File.ReadAllText(Path.Combine(output, "results.csv"));
        var rerun = await CliRunner.RunAsync(
            "experiment", "--train", Path.Combine(_dir, "train"), "--test", Path.Combine(_dir, "test"), "--transforms", "translate",
            "--featurizer", "pixels", "--cache", Path.Combine(_dir, "cache"), "--C", "1", "--rounds", "2", "--budgets", "0,2,4,100",
            "--policies", "paper", "--seed", "3", "--margin", "2", "--out", output);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("experiment: resumed 34 of 34 runs", rerun.Stdout);
        Assert.Equal(tables, File.ReadAllText(Path.Combine(output, "results.csv")));
        Assert.Contains("within 2 percentage points", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    [Fact]
    public async Task AFolderAnotherStudyHoldsIsACodedErrorAndNothingIsWritten()
    {
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "train"), perClass: 4);
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "test"), perClass: 2, seed: 2);
        var output = Path.Combine(_dir, "out");
        using var held = AugBuild.Engine.Pipeline.RunLock.Acquire(output);

        var result = await CliRunner.RunAsync(
            "experiment", "--train", Path.Combine(_dir, "train"), "--test", Path.Combine(_dir, "test"), "--featurizer", "pixels",
            "--cache", Path.Combine(_dir, "cache"), "--out", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("AUG6041", Assert.Single(OutputCheck.Errors(result.Stderr)).Code);
        Assert.False(File.Exists(Path.Combine(output, "results.csv")));
    }

    [Fact]
    public async Task ATestClassMissingFromTrainingIsACodedError()
    {
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "train"), perClass: 4);
        SyntheticImages.Write(Path.Combine(_dir, "test", "other", "x.png"), SyntheticImages.NoisyGray(12, 100, new Random(1), noise: 90));

        var result = await CliRunner.RunAsync(
            "experiment", "--train", Path.Combine(_dir, "train"), "--test", Path.Combine(_dir, "test"), "--featurizer", "pixels",
            "--cache", Path.Combine(_dir, "cache"), "--out", Path.Combine(_dir, "out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("AUG8003", result.Stderr);
    }

    [Fact]
    public async Task CrossValidatedCIsChosenOnceAndABadCIsACodedError()
    {
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "train"), perClass: 8, seed: 1);
        SyntheticImages.WriteDarkLight(Path.Combine(_dir, "test"), perClass: 2, seed: 2);
        string[] common = ["experiment", "--train", Path.Combine(_dir, "train"), "--test", Path.Combine(_dir, "test"), "--featurizer", "pixels",
            "--cache", Path.Combine(_dir, "cache"), "--policies", "baseline", "--rounds", "1", "--budgets", "0,16", "--out", Path.Combine(_dir, "out")];

        var cv = await CliRunner.RunAsync([.. common, "--C", "cv"]);
        Assert.True(cv.ExitCode == 0, cv.ToString());
        Assert.Contains("by 4-fold cross-validation on the originals", cv.Stdout);

        var bad = await CliRunner.RunAsync([.. common, "--C", "-2"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--C: error AUG3110: --C must be a positive number or 'cv', not '-2'.", bad.Stderr);
    }
}
