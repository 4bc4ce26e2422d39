using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild gather</c>: the reduce of a sharded materialize, committing the parts as the dataset.</summary>
internal sealed class GatherCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var output = CommonOptions.Out();
        var keep = new Option<bool>("--keep-parts") { Description = "Keep <out>/.augbuild/parts/ after the dataset is committed (default: deleted)." };
        var command = new Command("gather", "Check that every part of 'augbuild materialize --shard i/N' is present and whole, then commit <out>/dataset/ atomically: the same bytes 'augbuild run' writes. See docs/scale-out.md.")
        {
            output, keep,
        };
        command.SetAction(async (parse, ct) =>
        {
            await GatherStage.RunAsync(new GatherRequest { OutputDir = parse.GetRequiredValue(output), KeepParts = parse.GetValue(keep) }, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
