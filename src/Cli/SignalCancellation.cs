using System.Runtime.InteropServices;

namespace AugBuild.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP all cancel the run the same way (CI runners and <c>timeout</c> send SIGTERM; a closed
/// terminal sends SIGHUP): the engine cleans up its temporaries and the CLI prints AUG6003. A second signal while
/// cleaning up terminates at once, as the default handler would.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    public SignalCancellation()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // A platform without this signal cannot send it either.
            }
        }
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The signal that cancelled the run, or null.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>128 + the signal number, as a shell reports a process ended by it (130 for SIGINT).</summary>
    public int ExitCode => Signal switch
    {
        PosixSignal.SIGTERM => 143,
        PosixSignal.SIGHUP => 129,
        _ => 130,
    };

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _cts.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
            return; // Second signal: let the default action end the process.
        Signal = context.Signal;
        context.Cancel = true;
        _cts.Cancel();
    }
}
