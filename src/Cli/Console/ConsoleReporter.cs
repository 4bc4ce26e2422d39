using System.Diagnostics;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Cli.Console;

/// <summary>
/// Prints what the engine reports: summaries on stdout (prefixed <c>AugBuild: </c> so the MSBuild task can
/// raise their importance), warnings as canonical MSBuild lines on stderr (so ToolTask turns them into coded
/// warnings), and throttled progress (done/total, images/s) on stderr.
/// </summary>
internal sealed class ConsoleReporter : IReporter
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly object _gate = new();
    private readonly Dictionary<string, StageClock> _stages = new(StringComparer.Ordinal);

    public ConsoleReporter(TextWriter? stdout = null, TextWriter? stderr = null)
    {
        _out = stdout ?? System.Console.Out;
        _err = stderr ?? System.Console.Error;
    }

    public int WarningCount { get; private set; }

    public void Info(string message)
    {
        lock (_gate) _out.WriteLine($"AugBuild: {message}");
    }

    public void Warning(string code, string message, string? file = null)
    {
        lock (_gate)
        {
            WarningCount++;
            _err.WriteLine(CanonicalLine.Format("warning", code, message, file));
        }
    }

    public void Error(string code, string message, string? file = null)
    {
        lock (_gate) _err.WriteLine(CanonicalLine.Format("error", code, message, file));
    }

    public void Progress(string stage, long done, long total)
    {
        lock (_gate)
        {
            if (!_stages.TryGetValue(stage, out var clock) || done < clock.LastDone)
            {
                clock = new StageClock { FirstDone = done };
                _stages[stage] = clock;
            }

            var now = clock.Watch.Elapsed;
            var finished = done >= total;
            if (!finished && clock.LastPrint is { } last && now - last < ProgressInterval)
            {
                return;
            }

            clock.LastPrint = now;
            clock.LastDone = done;
            // The clock starts at the first report, so the work before it does not count towards the rate.
            var rate = now.TotalSeconds > 0 ? (done - clock.FirstDone) / now.TotalSeconds : 0;
            var percent = total > 0 ? 100.0 * done / total : 100;
            var speed = done > clock.FirstDone ? $" {rate:0.0} images/s" : "";
            _err.WriteLine($"augbuild: {stage} {done}/{total} ({percent:0}%){speed}");
        }
    }

    private sealed class StageClock
    {
        public Stopwatch Watch { get; } = Stopwatch.StartNew();

        public TimeSpan? LastPrint { get; set; }

        public long LastDone { get; set; }

        public long FirstDone { get; init; }
    }
}
