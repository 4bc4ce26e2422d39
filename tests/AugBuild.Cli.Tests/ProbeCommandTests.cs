using ParquetSharp;
using SkiaSharp;

namespace AugBuild.Cli.Tests;

/// <summary>The probe through the CLI: results independent of file names and order, influence by the method that fits.</summary>
public sealed class ProbeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-probe-").FullName;

    private string Images => Path.Combine(_dir, "images");

    private string Cache => Path.Combine(_dir, "cache");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RenamingAndReorderingImagesChangesNeitherCNorAnyScore()
    {
        // Three overlapping classes, so cross-validation has a real choice to make.
        var rng = new Random(5);
        foreach (var (name, level) in new[] { ("a", 105), ("b", 128), ("c", 151) })
            for (int i = 0; i < 12; i++) SyntheticImages.Write(Path.Combine(Images, name, $"{name}_{i:000}.png"), SyntheticImages.NoisyGray(10, level, rng, noise: 90));
        var first = await Score("out1");
        Assert.True(first.ExitCode == 0, first.ToString());

        // Same bytes under new names whose path order is reversed (and one image moved to the front).
        var renamed = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(Images, "*.png", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            int index = int.Parse(name[2..]);
            var newName = index == 7 ? "0first.png" : $"z_{99 - index:000}.png";
            File.Move(file, Path.Combine(Path.GetDirectoryName(file)!, newName));
            renamed[Relative(file)] = Relative(Path.Combine(Path.GetDirectoryName(file)!, newName));
        }

        var second = await Score("out2");
        Assert.True(second.ExitCode == 0, second.ToString());

        var (metaA, rowsA) = Read(Path.Combine(_dir, "out1", "scores.parquet"));
        var (metaB, rowsB) = Read(Path.Combine(_dir, "out2", "scores.parquet"));
        Assert.Equal(metaA["augbuild.C"], metaB["augbuild.C"]);
        Assert.Equal("exact", metaA["augbuild.influence"]);
        Assert.Equal(36, rowsA.Count);
        foreach (var (path, scores) in rowsA)
            Assert.Equal(scores, rowsB[renamed[path]]); // bit for bit
        Assert.True(rowsA.Values.Select(s => s.Influence).Distinct().Count() > 30, "scores should differ between images");
    }

    [Fact]
    public async Task AHundredClassDatasetRunsEndToEndWithBlockInfluence()
    {
        // 100 classes x 6 images, 16 x 16 RGB pixels: p = 99 x 769 = 76,131, beyond any exact Hessian (AUG3015 before).
        var rng = new Random(9);
        for (int c = 0; c < 100; c++)
            for (int i = 0; i < 6; i++) SyntheticImages.Write(Path.Combine(Images, $"class{c:000}", $"{i}.png"), SyntheticImages.NoisyColor(16, new SKColor((byte)(c * 37 % 256), (byte)(c * 91 % 256), (byte)(c * 53 % 256)), rng));

        var run = await CliRunner.RunAsync("run", "--images", Images, "--out", Path.Combine(_dir, "out"), "--budget", "10%",
            "--featurizer", "pixels:16:rgb", "--cache", Cache, "--C", "1", "--score", "influence", "--transforms", "translate:1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("influence: block-diagonal", run.Stdout);
        Assert.Contains("exceeds the largest array", run.Stdout);
        var (meta, rows) = Read(Path.Combine(_dir, "out", "scores.parquet"));
        Assert.Equal("block", meta["augbuild.influence"]);
        Assert.Equal(600, rows.Count);
        Assert.All(rows.Values, s => Assert.True(s.Influence > 0 && double.IsFinite(s.Influence)));
        var shards = Directory.GetFiles(Path.Combine(_dir, "out", "dataset"), "train-*.parquet");
        Assert.Equal(600 + 60 * 4, shards.Sum(f => new ParquetFileReader(f).FileMetaData.NumRows));

        // Exact influence cannot exist here: refused with a code before any image is featurized.
        var exact = await CliRunner.RunAsync("score", "--images", Images, "--out", Path.Combine(_dir, "exact"),
            "--featurizer", "pixels:16:rgb", "--cache", Path.Combine(_dir, "cache2"), "--C", "1", "--influence", "exact");
        Assert.NotEqual(0, exact.ExitCode);
        Assert.Contains("error AUG3211:", exact.Stderr);
        Assert.Contains("--influence block", exact.Stderr);
        Assert.DoesNotContain("featurize", exact.Stdout);
    }

    [Fact]
    public async Task AnUnknownInfluenceMethodIsAUsageError()
    {
        var result = await CliRunner.RunAsync("score", "--images", Images, "--out", Path.Combine(_dir, "o"), "--influence", "kfac");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--influence: error AUG3212: --influence 'kfac' is not one of: auto, exact, block", result.Stderr);
    }

    private Task<CliResult> Score(string output) => CliRunner.RunAsync(
        "score", "--images", Images, "--out", Path.Combine(_dir, output), "--featurizer", "pixels", "--cache", Cache);

    private string Relative(string path) => Path.GetRelativePath(Images, path).Replace('\\', '/');

    /// <summary>scores.parquet by an independent reader: key-value metadata and (loss, influence) by path.</summary>
    private static (IReadOnlyDictionary<string, string> Meta, Dictionary<string, (double Loss, double Influence)> Rows) Read(string file)
    {
        using var reader = new ParquetFileReader(file);
        var meta = reader.FileMetaData;
        var rows = new Dictionary<string, (double, double)>();
        for (int g = 0; g < meta.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            int n = checked((int)group.MetaData.NumRows);
            string[] paths;
            double[] loss;
            double?[] influence;
            using (var col = group.Column(0).LogicalReader<string>()) paths = col.ReadAll(n);
            using (var col = group.Column(3).LogicalReader<double>()) loss = col.ReadAll(n);
            using (var col = group.Column(4).LogicalReader<double?>()) influence = col.ReadAll(n);
            for (int i = 0; i < n; i++) rows[paths[i]] = (loss[i], influence[i] ?? double.NaN);
        }

        return (meta.KeyValueMetadata, rows);
    }
}
