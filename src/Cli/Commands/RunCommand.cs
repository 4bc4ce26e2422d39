using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Cli.Settings;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild run</c>: score, select and materialize, each skipped while its inputs are unchanged.</summary>
internal sealed class RunCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var images = CommonOptions.Images();
        var output = CommonOptions.Out();
        output.Description = "Output folder, or s3://bucket/prefix: the run works in --staging, then publishes there (docs/storage.md).";
        var staging = new Option<string>("--staging") { Description = "With --out s3://...: the local folder the run works in (default: one per target under the cache folder)." };
        var command = new Command("run", "All stages: featurize and score, select the budget, write the augmented dataset. Unchanged stages are reused.")
        {
            images, output, staging,
        };
        Binders.Selection.AddTo(command);
        Binders.Featurization.AddTo(command);
        Binders.Output.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var request = new RunRequest
            {
                Images = parse.GetRequiredValue(images),
                OutputDir = parse.GetRequiredValue(output),
                StagingDir = parse.GetValue(staging),
                Featurization = Binders.Featurization.Bind(parse),
                Selection = Binders.Selection.Bind(parse),
                Output = Binders.Output.Bind(parse),
            };
            await RunPipeline.RunAsync(request, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
