using System.CommandLine;
using System.Globalization;
using AugBuild.Cli.Console;
using AugBuild.Engine.Experiments;
using AugBuild.Engine.Experiments.Report;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild experiment</c>: the paper's study (every policy at every budget) on a train and a test set.</summary>
internal sealed class ExperimentCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var train = new Option<string>("--train") { Description = "Training images: a folder of class folders or a CSV manifest.", Required = true };
        var test = new Option<string>("--test") { Description = "Test images (same class names); accuracy is measured on them and every transform of them.", Required = true };
        var transforms = CommonOptions.Transforms();
        var featurizer = CommonOptions.Featurizer();
        var device = CommonOptions.Device();
        var cache = CommonOptions.Cache();
        var batchSize = CommonOptions.BatchSize();
        var scores = new Option<string>("--score") { Description = "Scores to study: loss, influence or both (default 'loss,influence').", DefaultValueFactory = _ => "loss,influence" };
        // A string option: CommonOptions.C() fails with an internal error when "cv" is given explicitly.
        var c = new Option<string>("--C")
        {
            Description = "Inverse regularisation strength: a positive number, or 'cv' (default) to choose it once by 4-fold cross-validation on the training originals.",
            DefaultValueFactory = _ => "cv",
        };
        var policies = new Option<string>("--policies")
        {
            Description = "all (the paper's 11 configurations and vsv, default), paper (without vsv), or a list such as 'baseline,random-proportional+update'.",
            DefaultValueFactory = _ => "all",
        };
        var rounds = new Option<int>("--rounds") { Description = "Rounds (seeds) of the random policies and baseline.", DefaultValueFactory = _ => 5 };
        var budgets = new Option<string>("--budgets")
        {
            Description = "Numbers of augmented originals, clipped to the training set size.",
            DefaultValueFactory = _ => string.Join(',', BudgetGrid.Default),
        };
        var seed = CommonOptions.Seed();
        var margin = new Option<double>("--margin")
        {
            Description = "Recommendation margin in percentage points: the smallest budget within it of full augmentation is recommended.",
            DefaultValueFactory = _ => Recommendation.DefaultMarginPoints,
        };
        var threads = new Option<int>("--threads") { Description = "Runs evaluated at once (default: processor count); results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = CommonOptions.Out();

        var command = new Command("experiment", "Reproduce the paper's study: accuracy on the augmented test set for every policy at every budget; writes results.csv, auc.csv and report.html.")
        {
            train, test, transforms, featurizer, device, cache, batchSize, scores, c, policies, rounds, budgets, seed, margin, threads, output,
        };
        command.SetAction((parse, ct) =>
        {
            var inputs = new ExperimentInputs
            {
                Train = parse.GetRequiredValue(train),
                Test = parse.GetRequiredValue(test),
                Transforms = parse.GetRequiredValue(transforms),
                Featurizer = parse.GetRequiredValue(featurizer),
                Device = parse.GetRequiredValue(device),
                CacheDir = parse.GetValue(cache),
                BatchSize = parse.GetValue(batchSize),
            };
            var options = new ExperimentOptions
            {
                Budgets = BudgetGrid.Parse(parse.GetRequiredValue(budgets), "--budgets"),
                Rounds = parse.GetValue(rounds),
                Policies = PolicyConfiguration.ParseList(parse.GetValue(policies), "--policies"),
                Scores = parse.GetRequiredValue(scores).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                C = ParseC(parse.GetRequiredValue(c)),
                Seed = parse.GetValue(seed),
                MaxDegreeOfParallelism = parse.GetValue(threads),
            };
            var marginPoints = parse.GetValue(margin);
            var outDir = parse.GetRequiredValue(output);

            // One study per folder at a time; its journal lets a killed or cancelled study resume, and a rerun with
            // another margin or a subset of the policies reuse every finished run.
            using var studyLock = RunLock.Acquire(outDir);
            options = options with { JournalPath = Path.Combine(outDir, RunPipeline.StateFolder, JournalFileName) };
            var features = ExperimentFeatureLoader.Load(inputs, reporter, ct);
            var result = ExperimentRunner.Run(features, options, reporter, ct);
            ExperimentTables.Write(result, outDir);
            var report = ExperimentReport.Write(result, features, options, marginPoints, outDir);
            reporter.Info($"experiment: no augmentation {Pct(result.NoAugmentation)}, full augmentation {Pct(result.FullAugmentation)}");
            // Baseline ignores the score, so it is listed once, without one.
            foreach (var a in result.Aucs.OrderByDescending(a => a.Mean).DistinctBy(a => a.Configuration.UsesScores ? $"{a.Configuration.Name}|{a.Score}" : a.Configuration.Name).Take(3))
                reporter.Info($"experiment: AUC {a.Mean.ToString("0.000", CultureInfo.InvariantCulture)} {a.Configuration.PaperLabel}{(a.Configuration.UsesScores ? $" ({a.Score})" : "")}");
            foreach (var v in SelectionVerdict.Build(result))
            {
                reporter.Info(string.Create(CultureInfo.InvariantCulture,
                    $"experiment: {v.Score}: {v.Configuration} {(v.BeatsBaseline ? "beats" : "does not beat")} random selection (AUC {v.Auc:0.0} vs {v.BaselineAuc:0.0} +- {v.BaselineStd:0.0}; at {v.Budget} images {Pct(v.Accuracy)} vs {Pct(v.BaselineAccuracy)})"));
            }

            reporter.Info($"experiment: wrote {ExperimentTables.ResultsFileName}, {ExperimentTables.AucFileName} and {report}");
            return Task.FromResult(0);
        });
        return command;
    }

    public const string JournalFileName = "experiment-runs.txt";

    private static double? ParseC(string text)
    {
        if (text.Equals("cv", StringComparison.OrdinalIgnoreCase)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)) return value;
        throw new AugBuild.Engine.Diagnostics.AugBuildException(ExperimentErrors.CInvalid, $"--C must be a positive number or 'cv', not '{text}'.", "--C");
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
