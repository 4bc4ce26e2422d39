using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Cli.Settings;
using AugBuild.Engine.Pipeline;
using AugBuild.Settings;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild score</c>: featurize, fit the probe, write every image's loss and influence.</summary>
internal sealed class ScoreCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var images = CommonOptions.Images();
        var output = CommonOptions.Out();
        var score = new Option<string?>("--score") { Description = "Compute only this score (loss or influence); default both." };
        var export = new Option<bool>("--export-features") { Description = "Also write <out>/features.parquet (path, label, features)." };

        var command = new Command("score", "Featurize the images, fit the logistic-regression probe and write <out>/scores.parquet (path, label, class, loss, influence).")
        {
            images, output, score, export,
        };
        Binders.Featurization.AddTo(command);
        Binders.Selection.AddTo(command, d => d == SettingCatalog.C || d == SettingCatalog.Influence);
        Binders.Output.AddTo(command, d => d == SettingCatalog.FailOnBadImage);
        command.SetAction(async (parse, ct) =>
        {
            var request = new ScoreRequest
            {
                Images = parse.GetRequiredValue(images),
                OutputDir = parse.GetRequiredValue(output),
                Featurization = Binders.Featurization.Bind(parse),
                C = Binders.Selection.Bind(parse).C,
                Influence = Binders.Selection.Bind(parse).Influence,
                FailOnBadImage = Binders.Output.Bind(parse).FailOnBadImage,
                Score = parse.GetValue(score) is { } only ? ChoiceGrammar.Score(only, score.Name) : null,
                ExportFeatures = parse.GetValue(export),
            };
            await ScoreStage.RunAsync(request, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
