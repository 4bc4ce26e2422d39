using System.Diagnostics;
using System.Text;
using AugBuild.Package.Tests.Infrastructure;

namespace AugBuild.Package.Tests;

/// <summary>Ctrl+C on <c>dotnet build</c> while the worker runs: the build stops promptly and the worker process is gone.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class BuildCancellationTests(PackedPackage package)
{
    [Fact]
    public async Task Ctrl_C_during_the_worker_stops_the_build_and_kills_the_worker()
    {
        if (!OperatingSystem.IsLinux())
            return; // needs mkfifo, /proc and kill -INT

        package.EnsurePacked();
        var project = new ConsumerProject(package, "cancel", 4);
        // A named pipe among the images: the worker blocks reading it (hashing the images), so it is reliably
        // mid-run when the build is cancelled. MSBuild itself only stats the file.
        var fifo = Path.Combine(project.DataDir, "Shirt", "zz-blocks.png");
        Assert.Equal(0, (await RunAsync("mkfifo", [fifo])).ExitCode);

        var output = new StringBuilder();
        var start = new ProcessStartInfo(Dotnet.HostPath) { WorkingDirectory = project.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "build", project.ProjectFile, "-nr:false", "-v:n" }) start.ArgumentList.Add(a);
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBUILDNOINPROCNODE", "DOTNET_HOST_PATH" })
            start.Environment.Remove(name);
        foreach (var (k, v) in project.Environment()) start.Environment[k] = v;
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var build = new Process { StartInfo = start };
        var workerStarted = new TaskCompletionSource();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.Contains("augbuild.dll run @", StringComparison.Ordinal)) workerStarted.TrySetResult();
        }

        build.OutputDataReceived += (_, e) => OnLine(e.Data);
        build.ErrorDataReceived += (_, e) => OnLine(e.Data);
        build.Start();
        build.BeginOutputReadLine();
        build.BeginErrorReadLine();
        try
        {
            var started = await Task.WhenAny(workerStarted.Task, build.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
            Assert.True(started == workerStarted.Task, "the worker never started:\n" + output);
            var worker = await FindWorkerAsync(Path.Combine(project.IntermediateDir, "run.rsp"));
            Assert.True(worker > 0, "no worker process found:\n" + output);

            var clock = Stopwatch.StartNew();
            Assert.Equal(0, (await RunAsync("kill", ["-INT", build.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ExitCode);
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await build.WaitForExitAsync(stopped.Token);

            Assert.NotEqual(0, build.ExitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
            Assert.False(IsAlive(worker), $"worker {worker} still runs after the build was cancelled:\n{output}");
            Assert.False(Directory.Exists(project.DatasetDir) && Directory.EnumerateFiles(project.DatasetDir, "*.parquet").Any());
        }
        finally
        {
            if (!build.HasExited) build.Kill(entireProcessTree: true);
            File.Delete(fifo);
        }
    }

    /// <summary>The pid whose command line names the response file (the worker), polling briefly while it starts.</summary>
    private static async Task<int> FindWorkerAsync(string responseFile)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("@" + responseFile, StringComparison.Ordinal)) return pid;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process exited while we looked.
                }
            }

            await Task.Delay(100);
        }

        return -1;
    }

    /// <summary>Running (a zombie awaiting its parent's reap counts as gone).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var text = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, text);
    }
}
