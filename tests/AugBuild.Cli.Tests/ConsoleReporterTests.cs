using AugBuild.Cli.Console;

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
}
