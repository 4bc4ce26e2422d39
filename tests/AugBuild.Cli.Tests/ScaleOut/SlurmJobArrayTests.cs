using System.Diagnostics;

namespace AugBuild.Cli.Tests.ScaleOut;

/// <summary>Runs only where Slurm and munge are installed (.ci/run installs them); elsewhere skipped with the reason.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    private static readonly string[] Daemons = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"];

    public SlurmFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Daemons.Any(d => !File.Exists(d)))
            Skip = "Slurm is not installed (needs slurm-wlm and munge: apt-get install slurm-wlm munge; .ci/run installs them).";
        else if (Environment.UserName != "root")
            Skip = "The one-node Slurm of scripts/slurm-scale-test.sh runs its daemons as root.";
    }
}

/// <summary>
/// The Slurm scripts of docs/scale-out.md on a real one-node Slurm: featurize array -> score/select -> materialize
/// array -> gather, chained with afterok; the dataset must equal a single-process run byte for byte.
/// </summary>
public sealed class SlurmJobArrayTests
{
    [SlurmFact]
    public async Task TheDocumentedSbatchScriptsProduceTheSingleRunsDataset()
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "scripts", "slurm-scale-test.sh"));
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "augbuild.dll"));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var output = $"{await stdout}\n--- stderr\n{await stderr}";

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("gather: JobState=COMPLETED", output);
        Assert.Contains("featurize 300 images: 0 computed, 300 cached", output);
        Assert.Contains("slurm-scale-test: IDENTICAL", output);
    }
}
