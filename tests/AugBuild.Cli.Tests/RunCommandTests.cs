using Parquet.Serialization;
using ParquetSharp;

namespace AugBuild.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-cli-").FullName;

    private string Images => Path.Combine(_dir, "images");

    private string Out => Path.Combine(_dir, "out");

    private string Cache => Path.Combine(_dir, "cache");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<CliResult> Run(string budget, params string[] extra) => CliRunner.RunAsync(
        ["run", "--images", Images, "--out", Out, "--budget", budget, "--featurizer", "pixels", "--cache", Cache, "--C", "1", "--seed", "7", .. extra]);

    [Fact]
    public async Task RunWritesScoresSelectionAndDatasetThenReusesUnchangedStages()
    {
        SyntheticImages.WriteDarkLight(Images, perClass: 10);

        var first = await Run("25%");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("AugBuild: featurize 20 images: 20 computed, 0 cached", first.Stdout);
        // The default policy and score (the settings catalog's), and where to find out whether they beat random here.
        Assert.Contains("AugBuild: selected 5 of 20 (25%) by moderate on influence", first.Stdout);
        Assert.Contains("run 'augbuild experiment --train", first.Stdout);
        var shard = Assert.Single(Directory.GetFiles(Path.Combine(Out, "dataset"), "train-*.parquet"));
        Assert.EndsWith("train-00000-of-00001.parquet", shard);
        Assert.Equal(20 + 5 * 4, DatasetReader.RowCount(shard));

        // Independent reader: Arrow's C++ Parquet sees the engine's score columns.
        using (var scores = new ParquetFileReader(Path.Combine(Out, "scores.parquet")))
        {
            var names = Enumerable.Range(0, scores.FileMetaData.NumColumns).Select(i => scores.FileMetaData.Schema.Column(i).Name);
            Assert.Equal(["path", "label", "class", "loss", "influence", "self_confidence", "suspect_label"], names);
            Assert.Equal(20, scores.FileMetaData.NumRows);
        }

        var again = await Run("25%");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("dataset up to date", again.Stdout);
        Assert.DoesNotContain("featurize", again.Stdout);

        var moreBudget = await Run("10");
        Assert.Equal(0, moreBudget.ExitCode);
        Assert.Contains("score: 20 images unchanged", moreBudget.Stdout);
        Assert.Contains("ran select, materialize", moreBudget.Stdout);
        Assert.Equal(20 + 10 * 4, DatasetReader.RowCount(shard));
    }

    [Fact]
    public async Task AnAddedImageIsTheOnlyOneFeaturizedAndADeletedOneLeavesTheDataset()
    {
        SyntheticImages.WriteDarkLight(Images, perClass: 8);
        Assert.Equal(0, (await Run("2")).ExitCode);

        SyntheticImages.Write(Path.Combine(Images, "dark", "new.png"), SyntheticImages.NoisyGray(12, 60, new Random(99), noise: 90));
        File.Delete(Path.Combine(Images, "light", "light_000.png"));
        var second = await Run("2");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("featurize 16 images: 1 computed, 15 cached", second.Stdout);
        var sources = DatasetReader.Read(Directory.GetFiles(Path.Combine(Out, "dataset"), "train-*.parquet").Single()).Select(r => r.Source).ToList();
        Assert.Contains("dark/new.png", sources);
        Assert.DoesNotContain("light/light_000.png", sources);
    }

    [Fact]
    public async Task ScoreThenSelectWithUpdateAndDownweightThenMaterialize()
    {
        SyntheticImages.WriteDarkLight(Images, perClass: 10);
        var score = await CliRunner.RunAsync("score", "--images", Images, "--out", Out, "--featurizer", "pixels", "--cache", Cache, "--export-features");
        Assert.True(score.ExitCode == 0, score.ToString());
        Assert.Contains("chosen by stratified 4-fold cross-validation", score.Stdout);

        var features = await ParquetSerializer.DeserializeAsync<Engine.Tables.FeatureRow>(Path.Combine(Out, "features.parquet"));
        Assert.Equal(20, features.Data.Count);
        Assert.All(features.Data, r => Assert.Equal(144, r.Features.Length));

        var select = await CliRunner.RunAsync(
            "select", "--scores", Path.Combine(Out, "scores.parquet"), "--out", Out, "--budget", "4", "--policy", "deterministic-proportional",
            "--score", "loss", "--update", "--downweight", "--transforms", "flip-h");
        Assert.True(select.ExitCode == 0, select.ToString());
        Assert.Contains("augmented copies", select.Stdout);

        var selection = (await ParquetSerializer.DeserializeAsync<Engine.Tables.SelectionRow>(Path.Combine(Out, "selection.parquet"))).Data;
        Assert.Equal(4, selection.Count(r => r.Selected));
        Assert.All(selection.Where(r => r.Selected), r => Assert.Equal(0.5, r.Weight));
        Assert.All(selection.Where(r => !r.Selected), r => Assert.Equal(1.0, r.Weight));
        Assert.Equal(Enumerable.Range(0, 20), selection.Select(r => r.Rank).Order());

        var materialize = await CliRunner.RunAsync(
            "materialize", "--images", Images, "--selection", Path.Combine(Out, "selection.parquet"), "--transforms", "flip-h", "--out", Out);
        Assert.True(materialize.ExitCode == 0, materialize.ToString());
        Assert.Equal(24, DatasetReader.RowCount(Directory.GetFiles(Path.Combine(Out, "dataset"), "train-*.parquet").Single()));
    }

}
