using System.Globalization;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Experiments.Report;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// <c>augbuild experiment</c>: featurize a study's images once, run every configuration at every budget, write
/// results.csv, auc.csv and report.html, and say in a few lines whether choosing by score beats random selection.
/// </summary>
public static class ExperimentStudy
{
    public const string JournalFileName = "experiment-runs.txt";

    public static ExperimentResult Run(ExperimentInputs inputs, ExperimentOptions options, double marginPoints, string outDir, IReporter reporter, CancellationToken cancellationToken = default)
    {
        // One study per folder at a time; its journal lets a killed or cancelled study resume, and a rerun with
        // another margin or a subset of the policies reuse every finished run.
        using var studyLock = RunLock.Acquire(outDir);
        options = options with { JournalPath = Path.Combine(outDir, RunPipeline.StateFolder, JournalFileName) };
        var features = ExperimentFeatureLoader.Load(inputs, reporter, cancellationToken);
        var result = ExperimentRunner.Run(features, options, reporter, cancellationToken);
        ExperimentTables.Write(result, outDir);
        var report = ExperimentReport.Write(result, features, options, marginPoints, outDir);
        reporter.Info($"experiment: no augmentation {Pct(result.NoAugmentation)}, full augmentation {Pct(result.FullAugmentation)}");
        // Baseline ignores the score, so it is listed once, without one.
        foreach (var a in result.Aucs.OrderByDescending(a => a.Mean).DistinctBy(a => a.Configuration.UsesScores ? $"{a.Configuration.Name}|{a.Score}" : a.Configuration.Name).Take(3))
            reporter.Info($"experiment: mean accuracy {AreaUnderCurve.MeanAccuracyPercent(a.Mean, result.Budgets).ToString("0.00", CultureInfo.InvariantCulture)}% over budgets {result.Budgets[0]}-{result.Budgets[^1]}: {a.Configuration.PaperLabel}{(a.Configuration.UsesScores ? $" ({a.Score})" : "")}");
        var verdicts = SelectionVerdict.Build(result);
        foreach (var v in verdicts)
            reporter.Info($"experiment: {v.Sentence()}");
        if (verdicts.Count > 0 && verdicts.All(v => !v.BeatsBaseline) && SelectionDiagnosis.Build(result) is { } why)
        {
            foreach (var line in why.Reasons())
                reporter.Info($"experiment: why: {line}");
        }

        reporter.Info($"experiment: wrote {ExperimentTables.ResultsFileName}, {ExperimentTables.AucFileName} and {report}");
        return result;
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
