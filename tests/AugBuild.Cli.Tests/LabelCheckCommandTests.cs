using ParquetSharp;

namespace AugBuild.Cli.Tests;

/// <summary>The out-of-fold label check end to end: scores.parquet columns, the guard in select, the dataset card.</summary>
public sealed class LabelCheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-labels-").FullName;

    private string Images => Path.Combine(_dir, "images");

    private string Out => Path.Combine(_dir, "out");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_mislabelled_image_is_flagged_guarded_and_counted_on_the_card()
    {
        SyntheticImages.WriteDarkLight(Images, perClass: 12);
        // A dark image filed under light: every fit that holds it out calls it dark.
        SyntheticImages.Write(Path.Combine(Images, "light", "light_zzz.png"), SyntheticImages.NoisyGray(12, 60, new Random(5), noise: 90));

        // Fixed C: no C grid, so the score stage runs one 4-fold cross-validation at C = 1 for the label check.
        var score = await CliRunner.RunAsync("score", "--images", Images, "--out", Out, "--featurizer", "pixels", "--cache", Path.Combine(_dir, "cache"), "--C", "1");
        Assert.True(score.ExitCode == 0, score.ToString());
        Assert.Contains("label check: ", score.Stdout);

        var (paths, confidence, suspect) = ReadScores(Path.Combine(Out, "scores.parquet"));
        var odd = paths.IndexOf("light/light_zzz.png");
        Assert.True(suspect[odd]);
        Assert.Equal(odd, confidence.IndexOf(confidence.Min()));
        Assert.All(confidence, c => Assert.InRange(c, 0, 1));
        Assert.True(confidence.Count(c => c > 0.5) >= 20);

        var select = await CliRunner.RunAsync("select", "--scores", Path.Combine(Out, "scores.parquet"), "--out", Out, "--budget", "100%",
            "--policy", "baseline+guard:0", "--score", "loss", "--transforms", "flip-h");
        Assert.True(select.ExitCode == 0, select.ToString());
        Assert.Contains($"the guard set aside {suspect.Count(s => s)} images", select.Stdout);
        var selection = (await Parquet.Serialization.ParquetSerializer.DeserializeAsync<Engine.Tables.SelectionRow>(Path.Combine(Out, "selection.parquet"))).Data;
        // Guarded images come after every kept one.
        var lastKept = selection.Where(r => !r.SuspectLabel).Max(r => r.Rank);
        Assert.All(selection.Where(r => r.SuspectLabel), r => Assert.True(r.Rank > lastKept));

        var materialize = await CliRunner.RunAsync("materialize", "--images", Images, "--selection", Path.Combine(Out, "selection.parquet"), "--transforms", "flip-h", "--out", Out);
        Assert.True(materialize.ExitCode == 0, materialize.ToString());
        var card = await File.ReadAllTextAsync(Path.Combine(Out, "dataset", "README.md"));
        Assert.Contains($"| suspected label issues (originals; column suspect_label) | {suspect.Count(s => s)} of 25 |", card);
    }

    private static (List<string> Paths, List<double> Confidence, List<bool> Suspect) ReadScores(string file)
    {
        using var reader = new ParquetFileReader(file);
        var schema = reader.FileMetaData.Schema;
        int Column(string name) => Enumerable.Range(0, reader.FileMetaData.NumColumns).Single(i => schema.Column(i).Name == name);
        using var group = reader.RowGroup(0);
        var n = checked((int)group.MetaData.NumRows);
        using var paths = group.Column(Column("path")).LogicalReader<string>();
        using var confidence = group.Column(Column("self_confidence")).LogicalReader<double>();
        using var suspect = group.Column(Column("suspect_label")).LogicalReader<bool>();
        return ([.. paths.ReadAll(n)], [.. confidence.ReadAll(n)], [.. suspect.ReadAll(n)]);
    }
}
