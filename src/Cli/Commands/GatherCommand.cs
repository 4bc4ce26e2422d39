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
        output.Description = "The --out of the sharded materialize: a folder, or s3://bucket/prefix (the dataset is then written in --staging and published there; docs/storage.md).";
        var staging = new Option<string>("--staging") { Description = "With --out s3://...: the local folder the dataset is written in before it is published (default: one per target under the cache folder)." };
        var keep = new Option<bool>("--keep-parts") { Description = "Keep <out>/.augbuild/parts/ after the dataset is committed (default: deleted)." };
        var command = new Command("gather", "Check that every part of 'augbuild materialize --shard i/N' is present and whole, then commit <out>/dataset/ atomically: the same bytes 'augbuild run' writes. See docs/scale-out.md.")
        {
            output, staging, keep,
        };
        command.SetAction(async (parse, ct) =>
        {
            await GatherStage.RunAsync(new GatherRequest { OutputDir = parse.GetRequiredValue(output), StagingDir = parse.GetValue(staging), KeepParts = parse.GetValue(keep) }, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
