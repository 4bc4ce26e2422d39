using AugBuild.Cli.Console;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Cli.Tests;

public sealed class ConsoleReporterTests
{
    [Fact]
    public void WarningsAreCanonicalMsBuildLinesOnStderrAndSummariesArePrefixedOnStdout()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var reporter = new ConsoleReporter(stdout, stderr);

        reporter.Info("featurize 3 images: 1 computed, 2 cached (0.1 s)");
        reporter.Warning("AUG6010", "Skipped 1 image(s).", "data/a/bad.png");
        reporter.Warning("AUG2015", "CUDA is unavailable.");

        Assert.Equal("AugBuild: featurize 3 images: 1 computed, 2 cached (0.1 s)" + Environment.NewLine, stdout.ToString());
        Assert.Equal(
            ["data/a/bad.png: warning AUG6010: Skipped 1 image(s).", "augbuild : warning AUG2015: CUDA is unavailable."],
            stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, reporter.WarningCount);
    }

    [Fact]
    public void ProgressIsThrottledButTheLastStepAlwaysPrints()
    {
        var stderr = new StringWriter();
        var reporter = new ConsoleReporter(new StringWriter(), stderr);

        for (var done = 1; done <= 1000; done++)
        {
            reporter.Progress("featurize", done, 1000);
        }

        var lines = stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 2, 10);
        Assert.StartsWith("augbuild: featurize 1/1000 (0%)", lines[0]);
        Assert.Matches(@"^augbuild: featurize 1000/1000 \(100%\) [0-9.]+ images/s$", lines[^1]);
    }

    [Theory]
    [InlineData(72.24, "images", "72.2 images/s")]
    [InlineData(0.125, "runs", "8.0 s per run")]
    [InlineData(1.0, "folds", "1.0 folds/s")]
    public void SpeedReadsAsARateOrAsSecondsPerItem(double perSecond, string unit, string expected) =>
        Assert.Equal(expected, ConsoleReporter.Speed(perSecond, unit));

    [Theory]
    [InlineData(0.4, "")]
    [InlineData(42, ", 42 s left")]
    [InlineData(600, ", 10 min left")]
    [InlineData(9000, ", 2.5 h left")]
    public void TimeLeftPicksAReadableUnit(double seconds, string expected) =>
        Assert.Equal(expected, ConsoleReporter.TimeLeft(seconds));

    [Fact]
    public void ProgressNamesItsUnit()
    {
        var stderr = new StringWriter();
        var reporter = new ConsoleReporter(new StringWriter(), stderr);

        reporter.Progress("experiment", 1, 3, ProgressUnits.Runs);
        Thread.Sleep(20);
        reporter.Progress("experiment", 3, 3, ProgressUnits.Runs);

        var last = stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches(@"^augbuild: experiment 3/3 \(100%\) [0-9.]+ runs/s$", last);
    }
}
