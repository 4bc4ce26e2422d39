using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Cli.Settings;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Experiments;
using AugBuild.Settings;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild experiment</c>: the paper's study (every policy at every budget) on a train and a test set.</summary>
internal sealed class ExperimentCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var train = new Option<string>("--train") { Description = "Training images: a folder of class folders or a CSV manifest.", Required = true };
        var test = new Option<string>("--test") { Description = "Test images (same class names); accuracy is measured on them and every transform of them.", Required = true };
        var scores = new Option<string>("--score") { Description = "Scores to study: loss, influence or both (default 'loss,influence').", DefaultValueFactory = _ => "loss,influence" };
        var policies = new Option<string>("--policies")
        {
            Description = "all (the paper's 11 configurations, the guarded policies and vsv; default), paper (the 11), guarded (baseline and the guarded policies, the default moderate among them), or a list such as 'baseline,moderate,random-proportional+update,baseline+guard:0.2'.",
            DefaultValueFactory = _ => "all",
        };
        var rounds = new Option<int>("--rounds") { Description = "Rounds (seeds) of the random policies and baseline.", DefaultValueFactory = _ => 5 };
        var budgets = new Option<string>("--budgets")
        {
            Description = "Numbers of augmented originals, clipped to the training set size.",
            DefaultValueFactory = _ => string.Join(',', BudgetGrid.Default),
        };
        var margin = new Option<double>("--margin")
        {
            Description = "Recommendation margin in percentage points: the smallest budget within it of full augmentation is recommended.",
            DefaultValueFactory = _ => Recommendation.DefaultMarginPoints,
        };
        var threads = new Option<int>("--threads") { Description = "Runs evaluated at once (default: processor count); results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = CommonOptions.Out();

        var command = new Command("experiment", "Reproduce the paper's study: accuracy on the augmented test set for every policy at every budget; writes results.csv, auc.csv and report.html.")
        {
            train, test, scores, policies, rounds, budgets, margin, threads, output,
        };
        Binders.Output.AddTo(command, d => d == SettingCatalog.Transforms);
        Binders.Featurization.AddTo(command);
        // C is chosen once on the training originals (cv) unless given; the seed seeds every round.
        Binders.Selection.AddTo(command, d => d == SettingCatalog.C || d == SettingCatalog.Seed);
        command.SetAction((parse, ct) =>
        {
            var selection = Binders.Selection.Bind(parse);
            var inputs = new ExperimentInputs
            {
                Train = parse.GetRequiredValue(train),
                Test = parse.GetRequiredValue(test),
                Transforms = Binders.Output.Bind(parse).Transforms,
                Featurization = Binders.Featurization.Bind(parse),
            };
            var options = new ExperimentOptions
            {
                Budgets = Usage(() => BudgetGrid.Parse(parse.GetRequiredValue(budgets), budgets.Name)),
                Rounds = parse.GetValue(rounds),
                Policies = Usage(() => PolicyConfiguration.ParseList(parse.GetValue(policies), policies.Name)),
                Scores = [.. parse.GetRequiredValue(scores).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => ChoiceGrammar.Score(s, scores.Name))],
                C = selection.C,
                Seed = selection.Seed,
                MaxDegreeOfParallelism = parse.GetValue(threads),
            };
            ExperimentStudy.Run(inputs, options, parse.GetValue(margin), parse.GetRequiredValue(output), reporter, ct);
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>A bad value of one of this verb's own options is a usage error (exit code 2), like a bad setting.</summary>
    private static T Usage<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (AugBuildException e) when (e.File is { } option && option.StartsWith("--", StringComparison.Ordinal))
        {
            throw new SettingException(e.Code, e.Message, option);
        }
    }
}
