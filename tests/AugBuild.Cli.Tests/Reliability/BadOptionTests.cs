namespace AugBuild.Cli.Tests.Reliability;

/// <summary>Every bad option value of <c>run</c> is one canonical coded line naming the valid values, and the right exit code.</summary>
public sealed class BadOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-rel-opt-").FullName;

    public BadOptionTests() => SyntheticImages.WriteDarkLight(Images, perClass: 5, side: 8);

    private string Images => Path.Combine(_dir, "images");

    private string Out => Path.Combine(_dir, "out");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<CliResult> Run(params string[] options) => CliRunner.RunAsync(
        ["run", "--images", Images, "--out", Out, "--cache", Path.Combine(_dir, "cache"),
         .. options.Contains("--C") ? options : [.. options, "--C", "1"],
         .. options.Contains("--featurizer") ? Array.Empty<string>() : ["--featurizer", "pixels"]]);

    [Theory]
    [InlineData(2, "AUG4001", "--budget", "abc", "count")]
    [InlineData(2, "AUG4002", "--budget", "-5", "negative")]
    [InlineData(2, "AUG4003", "--budget", "150%", "100%")]
    [InlineData(2, "AUG4010", "--policy", "greedy", "random-proportional")]
    [InlineData(2, "AUG4110", "--score", "entropy", "influence")]
    [InlineData(2, "AUG5001", "--transforms", "zoom", "translate")]
    [InlineData(2, "AUG5002", "--transforms", "rotate:400", "rotate")]
    [InlineData(2, "AUG2010", "--featurizer", "resnet50", "resnet18")]
    [InlineData(2, "AUG5050", "--shard-size", "big", "500MB")]
    [InlineData(2, "AUG2022", "--device", "tpu", "cuda")]
    [InlineData(2, "AUG5052", "--format", "tiff", "source")]
    [InlineData(2, "AUG4111", "--seed", "one", "integer")]
    [InlineData(2, "AUG3110", "--C", "-1", "cv")]
    [InlineData(2, "AUG2022", "--batch-size", "0", "at least 1")]
    [InlineData(2, "AUG2022", "--onnx-std", "0.5,0", "positive")]
    public async Task ABadValueIsOneCanonicalLineWithTheValidValuesAndNoDataset(int exit, string code, string option, string value, string validHint)
    {
        string[] args = option == "--budget" ? [option, value] : ["--budget", "10%", option, value];

        var result = await Run(args);

        Assert.True(exit == result.ExitCode, result.ToString());
        var error = Assert.Single(OutputCheck.Errors(result.Stderr));
        Assert.Equal(code, error.Code);
        Assert.Equal(option, error.Origin);
        Assert.Contains(value, error.Message);
        Assert.Contains(validHint, error.Message);
        Assert.False(Directory.Exists(Path.Combine(Out, "dataset")), "no dataset after a bad option");
    }

    [Theory]
    [InlineData("--cache", "s3://Bad_Bucket/cache", 2)]
    [InlineData("--cache", "gs://bucket/cache", 2)]
    [InlineData("--out", "s3://bucket//out", 1)]
    public async Task AMalformedStorageLocationIsOneCodedLineNamingTheOptionAndNothingIsWritten(string option, string value, int exit)
    {
        string[] args = ["run", "--images", Images, "--budget", "10%", "--featurizer", "pixels", "--C", "1"];
        var result = await CliRunner.RunAsync(
            [.. args, "--out", option == "--out" ? value : Out, "--cache", option == "--cache" ? value : Path.Combine(_dir, "cache")]);

        Assert.True(exit == result.ExitCode, result.ToString());
        var error = Assert.Single(OutputCheck.Errors(result.Stderr));
        Assert.Equal(("AUG2610", option), (error.Code, error.Origin));
        Assert.Contains("s3://bucket/prefix", error.Message);
        Assert.False(Directory.Exists(Out));
        Assert.False(Directory.Exists(Path.Combine(_dir, "cache")));
    }

    [Fact]
    public async Task ABudgetOfZeroWritesTheOriginalsOnly()
    {
        var result = await Run("--budget", "0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(10, OutputCheck.DatasetRows(Out));
    }

    [Theory]
    [InlineData("--C", "cv")]
    [InlineData("--C=CV", null)]
    [InlineData("--C:cv", null)]
    public async Task AnExplicitCvIsTheDefaultNotACrash(string option, string? value)
    {
        var result = await CliRunner.RunAsync(
            ["run", "--images", Images, "--out", Out, "--featurizer", "pixels", "--cache", Path.Combine(_dir, "cache"), "--budget", "2", option, .. value is null ? Array.Empty<string>() : [value]]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("chosen by stratified 4-fold cross-validation", result.Stdout);
    }

    [Fact]
    public async Task AnExplicitCvInAResponseFileIsTheDefaultNotACrash()
    {
        // Response files expand inside the parser: "--C cv" there once reached a nullable option and failed with AUG6099.
        var rsp = Path.Combine(_dir, "job.rsp");
        File.WriteAllLines(rsp, ["--images", Images, "--out", Out, "--featurizer", "pixels", "--cache", Path.Combine(_dir, "cache"), "--budget", "2", "--C", "cv"]);

        var result = await CliRunner.RunAsync(["run", "@" + rsp]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("chosen by stratified 4-fold cross-validation", result.Stdout);
    }
}
