using System.CommandLine;
using AugBuild.Cli.Console;
using AugBuild.Engine.Pipeline;

namespace AugBuild.Cli.Commands;

/// <summary><c>augbuild score</c>: featurize, fit the probe, write every image's loss and influence.</summary>
internal sealed class ScoreCommand : ICliCommand
{
    public Command Build(ConsoleReporter reporter)
    {
        var images = CommonOptions.Images();
        var output = CommonOptions.Out();
        var featurizer = CommonOptions.Featurizer();
        var device = CommonOptions.Device();
        var cache = CommonOptions.Cache();
        var c = CommonOptions.C();
        var batch = CommonOptions.BatchSize();
        var failOnBad = CommonOptions.FailOnBadImage();
        var score = new Option<string?>("--score") { Description = "Compute only this score (loss or influence); default both." }
            .AcceptOnlyFromAmong("loss", "influence");
        var export = new Option<bool>("--export-features") { Description = "Also write <out>/features.parquet (path, label, features)." };

        var command = new Command("score", "Featurize the images, fit the logistic-regression probe and write <out>/scores.parquet (path, label, class, loss, influence).")
        {
            images, output, featurizer, device, cache, score, c, export, batch, failOnBad,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new ScoreRequest
            {
                Images = parse.GetRequiredValue(images),
                OutputDir = parse.GetRequiredValue(output),
                Featurizer = parse.GetRequiredValue(featurizer),
                Device = parse.GetRequiredValue(device),
                CacheDir = parse.GetValue(cache),
                C = parse.GetValue(c),
                Score = parse.GetValue(score),
                ExportFeatures = parse.GetValue(export),
                BatchSize = parse.GetValue(batch),
                FailOnBadImage = parse.GetValue(failOnBad),
            };
            await ScoreStage.RunAsync(request, reporter, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
