using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Tables;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// The runs of a study that have finished, one line each, appended as they finish: a study that is killed or
/// cancelled resumes where it stopped instead of refitting from the start. The first line is a stamp of
/// everything a run's accuracies depend on (features, labels, budgets, seed, C, tool version); a journal with
/// another stamp is started afresh. Accuracies are kept with round-trip precision, so a resumed study writes the
/// same tables as an uninterrupted one. The line a kill cut short (no newline yet) is dropped on reopening.
/// </summary>
public sealed class ExperimentJournal : IDisposable
{
    private readonly Dictionary<string, double[]> _finished;
    private readonly StreamWriter _writer;
    private readonly object _gate = new();

    private ExperimentJournal(Dictionary<string, double[]> finished, StreamWriter writer)
    {
        _finished = finished;
        _writer = writer;
    }

    /// <summary>Runs read back from an earlier, interrupted study with the same stamp.</summary>
    public int ResumedCount { get; private set; }

    public static ExperimentJournal Open(string path, string stamp)
    {
        var finished = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var kept = new StringBuilder(stamp).Append('\n');
        if (File.Exists(path))
        {
            var lines = File.ReadAllText(path).Split('\n');
            if (lines[0] == stamp)
            {
                // The last element follows the last newline: empty, or the line a kill cut short.
                foreach (var line in lines.Skip(1).SkipLast(1))
                {
                    if (TryParse(line, out var key, out var accuracies))
                    {
                        finished[key] = accuracies;
                        kept.Append(line).Append('\n');
                    }
                }
            }
        }

        // Rewritten without the cut line before appending, so no later line is glued to it.
        AtomicFile.WriteAllText(path, kept.ToString());
        var writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { NewLine = "\n" };
        return new ExperimentJournal(finished, writer) { ResumedCount = finished.Count };
    }

    /// <summary>The accuracies of a finished run, when there are as many as budgets.</summary>
    public bool TryGet(string run, int budgets, out double[] accuracies)
    {
        lock (_gate)
        {
            return _finished.TryGetValue(run, out accuracies!) && accuracies.Length == budgets;
        }
    }

    /// <summary>Appends a finished run and flushes it to the OS, so a kill right after loses nothing.</summary>
    public void Record(string run, double[] accuracies)
    {
        var values = string.Join(',', accuracies.Select(a => a.ToString("R", CultureInfo.InvariantCulture)));
        lock (_gate)
        {
            _finished[run] = accuracies;
            _writer.Write(run + '\t' + values + '\n');
            _writer.Flush();
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>What a run's accuracies depend on; runs are keyed by configuration, score and round separately.</summary>
    public static string Stamp(ExperimentFeatures features, ExperimentOptions options, int[] budgets)
    {
        var hash = new XxHash128();
        void Text(string value) => hash.Append(Encoding.UTF8.GetBytes(value + "\u001f"));
        void Floats(IEnumerable<float[]> rows)
        {
            foreach (var row in rows) hash.Append(MemoryMarshal.AsBytes(row.AsSpan()));
        }

        Text(ToolVersion.Current);
        Text(string.Join(',', budgets));
        Text(options.Seed.ToString(CultureInfo.InvariantCulture));
        Text(options.C?.ToString("R", CultureInfo.InvariantCulture) ?? "cv");
        Text(string.Join(',', features.ClassNames));
        Floats(features.TrainRows);
        Floats(features.TrainCopies.SelectMany(c => c));
        Floats(features.TestRows);
        hash.Append(MemoryMarshal.AsBytes(features.TrainLabels.AsSpan()));
        hash.Append(MemoryMarshal.AsBytes(features.TestLabels.AsSpan()));
        return "augbuild-experiment-journal v1 " + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static bool TryParse(string line, out string key, out double[] accuracies)
    {
        key = "";
        accuracies = [];
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab <= 0) return false;
        var parts = line[(tab + 1)..].Split(',');
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || values[i] is < 0 or > 1)
                return false;
        }

        (key, accuracies) = (line[..tab], values);
        return true;
    }
}
