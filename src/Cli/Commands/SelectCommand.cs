using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild select</c>: order the images by a policy and keep the budget's worth.</summary>
internal sealed class SelectCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var scores = new Option<string>("--scores") { Description = "scores.parquet written by 'augbuild score'.", Required = true };
        var output = CommonOptions.Out();
        var budget = CommonOptions.Budget();
        var policy = CommonOptions.Policy();
        var score = CommonOptions.ScoreKind();
        var update = CommonOptions.Update();
        var downweight = CommonOptions.Downweight();
        var transforms = CommonOptions.Transforms();
        var seed = CommonOptions.Seed();
        var images = CommonOptions.Images(required: false);
        images.Description += " Default: the images recorded in the scores file.";
        var featurizer = new Option<string?>("--featurizer") { Description = "Default: the featurizer recorded in the scores file." };
        var device = CommonOptions.Device();
        var cache = CommonOptions.Cache();

        var command = new Command("select", "Order the scored images by a policy and write <out>/selection.parquet (path, rank, selected, weight, score).")
        {
            scores, output, budget, policy, score, update, downweight, transforms, seed, images, featurizer, device, cache,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new SelectRequest
            {
                ScoresFile = parse.GetRequiredValue(scores),
                OutputDir = parse.GetRequiredValue(output),
                Budget = parse.GetRequiredValue(budget),
                Policy = parse.GetRequiredValue(policy),
                Score = parse.GetRequiredValue(score),
                Update = parse.GetValue(update),
                Downweight = parse.GetValue(downweight),
                Transforms = parse.GetRequiredValue(transforms),
                Seed = parse.GetValue(seed),
                Images = parse.GetValue(images),
                Featurizer = parse.GetValue(featurizer),
                Device = parse.GetRequiredValue(device),
                CacheDir = parse.GetValue(cache),
            };
            await SelectStage.RunAsync(request, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
