using System.Diagnostics;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Cli.Console;

/// <summary>
/// Prints what the engine reports: summaries on stdout (prefixed <c>AugBuild: </c> so the MSBuild task can
/// raise their importance), warnings as canonical MSBuild lines on stderr (so ToolTask turns them into coded
/// warnings), and throttled progress (done/total, rate, time left) on stderr.
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

    public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images)
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
            var speed = done > clock.FirstDone && rate > 0 ? " " + Speed(rate, unit) + TimeLeft((total - done) / rate) : "";
            _err.WriteLine($"augbuild: {stage} {done}/{total} ({percent:0}%){speed}");
        }
    }

    // Slow stages (a study's runs take seconds each) read better as seconds per item than as 0.1 items/s.
    internal static string Speed(double perSecond, string unit) =>
        perSecond >= 1 ? $"{perSecond:0.0} {unit}/s" : $"{1 / perSecond:0.0} s per {Singular(unit)}";

    internal static string TimeLeft(double seconds) => seconds switch
    {
        < 1 => "",
        < 90 => $", {seconds:0} s left",
        < 5400 => $", {seconds / 60:0} min left",
        _ => $", {seconds / 3600:0.0} h left",
    };

    private static string Singular(string unit) => unit.EndsWith('s') ? unit[..^1] : unit;

    private sealed class StageClock
    {
        public Stopwatch Watch { get; } = Stopwatch.StartNew();

        public TimeSpan? LastPrint { get; set; }

        public long LastDone { get; set; }

        public long FirstDone { get; init; }
    }
}
