using System.Diagnostics;
using System.Text;

namespace AugBuild.Cli.Tests.Reliability;

/// <summary>
/// A real <c>dotnet augbuild.dll</c> child process (the worker beside the test assembly), with its output captured
/// line by line, so tests can kill it at a chosen moment or race two of them.
/// </summary>
internal sealed partial class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();
    private readonly List<(Func<string, bool> When, TaskCompletionSource Seen)> _waits = [];

    private WorkerProcess(Process process) => _process = process;

    public static WorkerProcess Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    /// <param name="environment">Variables set (or, with null, removed) in the child's environment: a job engine's shard index.</param>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "augbuild.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.OnLine(worker._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => worker.OnLine(worker._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get { lock (_gate) return _stdout.ToString(); }
    }

    public string Stderr
    {
        get { lock (_gate) return _stderr.ToString(); }
    }

    /// <summary>Completes when a line (stdout or stderr) matching <paramref name="when"/> is printed; false if the process exits first.</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> when, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if ((_stdout.ToString() + _stderr).Split('\n').Any(when)) return true;
            _waits.Add((when, seen));
        }

        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        return done == seen.Task;
    }

    /// <summary>SIGKILL on Unix (TerminateProcess on Windows): no handler runs, nothing is cleaned up.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>Sends a POSIX signal (e.g. 15 = SIGTERM, 1 = SIGHUP) to the worker; Unix only.</summary>
    public void Signal(int signal)
    {
        if (SendSignal(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public override string ToString() => $"--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void OnLine(StringBuilder sink, string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            sink.Append(line).Append('\n');
            foreach (var w in _waits.Where(w => w.When(line)).ToList())
            {
                w.Seen.TrySetResult();
                _waits.Remove(w);
            }
        }
    }
}
