using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild run</c>: score, select and materialize, each skipped while its inputs are unchanged.</summary>
internal sealed class RunCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var images = CommonOptions.Images();
        var output = CommonOptions.Out();
        var budget = CommonOptions.Budget();
        var policy = CommonOptions.Policy();
        var score = CommonOptions.ScoreKind();
        var update = CommonOptions.Update();
        var downweight = CommonOptions.Downweight();
        var featurizer = CommonOptions.Featurizer();
        var device = CommonOptions.Device();
        var transforms = CommonOptions.Transforms();
        var seed = CommonOptions.Seed();
        var cache = CommonOptions.Cache();
        var c = CommonOptions.C();
        var format = CommonOptions.Format();
        var shardSize = CommonOptions.ShardSize();
        var batch = CommonOptions.BatchSize();
        var failOnBad = CommonOptions.FailOnBadImage();

        var command = new Command("run", "All stages: featurize and score, select the budget, write the augmented dataset. Unchanged stages are reused.")
        {
            images, output, budget, policy, score, update, downweight, featurizer, device, transforms, seed, cache, c, format, shardSize, batch, failOnBad,
        };
        command.SetAction(async (parse, ct) =>
        {
            await RunPipeline.RunAsync(
                new RunRequest
                {
                    Images = parse.GetRequiredValue(images),
                    OutputDir = parse.GetRequiredValue(output),
                    Budget = parse.GetRequiredValue(budget),
                    Policy = parse.GetRequiredValue(policy),
                    Score = parse.GetRequiredValue(score),
                    Update = parse.GetValue(update),
                    Downweight = parse.GetValue(downweight),
                    Featurizer = parse.GetRequiredValue(featurizer),
                    Device = parse.GetRequiredValue(device),
                    Transforms = parse.GetRequiredValue(transforms),
                    Seed = parse.GetValue(seed),
                    CacheDir = parse.GetValue(cache),
                    C = parse.GetValue(c),
                    Format = parse.GetRequiredValue(format),
                    ShardSize = parse.GetRequiredValue(shardSize),
                    BatchSize = parse.GetValue(batch),
                    FailOnBadImage = parse.GetValue(failOnBad),
                },
                reporter,
                ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
