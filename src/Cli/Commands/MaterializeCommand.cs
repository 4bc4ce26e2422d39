using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Cli.Settings;
using AugBuild.Engine.Pipeline;
using AugBuild.Settings;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild materialize</c>: write originals plus the selected images' copies as Parquet.</summary>
internal sealed class MaterializeCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var images = CommonOptions.Images();
        var selection = new Option<string>("--selection") { Description = "selection.parquet written by 'augbuild select'.", Required = true };
        var output = CommonOptions.Out();

        var command = new Command("materialize", "Write <out>/dataset/train-*.parquet (originals plus every transform of each selected image) and a dataset card; with --shard i/N, only shard i's part in <out>/.augbuild/parts/ (then 'augbuild gather').")
        {
            images, selection, output,
        };
        Binders.Output.AddTo(command, d => d != SettingCatalog.FailOnBadImage);
        Binders.ScaleOut.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var job = new MaterializeJob
            {
                Images = parse.GetRequiredValue(images),
                SelectionFile = parse.GetRequiredValue(selection),
                OutputDir = parse.GetRequiredValue(output),
                Output = Binders.Output.Bind(parse),
                Shard = Binders.ScaleOut.Bind(parse).Shard,
            };
            await MaterializeStage.RunAsync(job, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
