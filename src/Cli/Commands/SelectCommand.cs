using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Cli.Settings;
using AugBuild.Engine.Pipeline;
using AugBuild.Settings;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild select</c>: order the images by a policy and keep the budget's worth.</summary>
internal sealed class SelectCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var scores = new Option<string>("--scores") { Description = "scores.parquet written by 'augbuild score'.", Required = true };
        var output = CommonOptions.Out();
        var images = CommonOptions.Images(required: false);
        images.Description += " Default: the images recorded in the scores file.";

        var command = new Command("select", "Order the scored images by a policy and write <out>/selection.parquet (path, rank, selected, weight, score).")
        {
            scores, output, images,
        };
        // C was fixed when the scores were written: the scores file records it.
        Binders.Selection.AddTo(command, d => d != SettingCatalog.C);
        Binders.Output.AddTo(command, d => d == SettingCatalog.Transforms);
        Binders.Featurization.AddTo(command);
        foreach (var recorded in command.Options.Where(o => o.Name is "--featurizer" or "--cache"))
        {
            recorded.Description += " Default: the one recorded in the scores file (vsv and update featurize the images again).";
        }

        command.SetAction(async (parse, ct) =>
        {
            var request = new SelectRequest
            {
                ScoresFile = parse.GetRequiredValue(scores),
                OutputDir = parse.GetRequiredValue(output),
                Selection = Binders.Selection.Bind(parse),
                Output = Binders.Output.Bind(parse),
                Featurization = Binders.Featurization.Bind(parse),
                Images = parse.GetValue(images),
            };
            await SelectStage.RunAsync(request, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
