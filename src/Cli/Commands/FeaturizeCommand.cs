using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Cli.Settings;
using AugBuild.Engine.Pipeline;
using AugBuild.Settings;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild featurize</c>: the map of a sharded run, filling the feature cache with one shard's features.</summary>
internal sealed class FeaturizeCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var images = CommonOptions.Images();
        var command = new Command("featurize", "Featurize one shard of the images into the feature cache (--cache, shared by every shard), so 'augbuild score' then computes none. See docs/scale-out.md.")
        {
            images,
        };
        Binders.ScaleOut.AddTo(command);
        Binders.Featurization.AddTo(command);
        Binders.Output.AddTo(command, d => d == SettingCatalog.FailOnBadImage);
        command.SetAction(async (parse, ct) =>
        {
            var request = new FeaturizeRequest
            {
                Images = parse.GetRequiredValue(images),
                Featurization = Binders.Featurization.Bind(parse),
                Shard = Binders.ScaleOut.Bind(parse).Shard,
                FailOnBadImage = Binders.Output.Bind(parse).FailOnBadImage,
            };
            await FeaturizeStage.RunAsync(request, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
