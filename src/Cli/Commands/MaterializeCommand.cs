using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild materialize</c>: write originals plus the selected images' copies as Parquet.</summary>
internal sealed class MaterializeCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var images = CommonOptions.Images();
        var selection = new Option<string>("--selection") { Description = "selection.parquet written by 'augbuild select'.", Required = true };
        var transforms = CommonOptions.Transforms();
        var output = CommonOptions.Out();
        var format = CommonOptions.Format();
        var shardSize = CommonOptions.ShardSize();

        var command = new Command("materialize", "Write <out>/dataset/train-*.parquet (originals plus every transform of each selected image) and a dataset card.")
        {
            images, selection, transforms, output, format, shardSize,
        };
        command.SetAction(async (parse, ct) =>
        {
            await MaterializeStage.RunAsync(
                new MaterializeJob
                {
                    Images = parse.GetRequiredValue(images),
                    SelectionFile = parse.GetRequiredValue(selection),
                    OutputDir = parse.GetRequiredValue(output),
                    Transforms = parse.GetRequiredValue(transforms),
                    Format = parse.GetRequiredValue(format),
                    ShardSize = parse.GetRequiredValue(shardSize),
                },
                reporter,
                ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
