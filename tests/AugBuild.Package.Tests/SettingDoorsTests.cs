using System.Text.RegularExpressions;
using AugBuild.Package.Tests.Infrastructure;

namespace AugBuild.Package.Tests;

/// <summary>
/// The same bad value gets the same code and message from MSBuild (the tasks validate with the engine's grammar)
/// and from the command line of the packed worker; only the setting's name differs (AugBudget vs --budget).
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed partial class SettingDoorsTests(PackedPackage package)
{
    private static readonly (string Property, string Option, string Value)[] BadValues =
    [
        ("AugBudget", "--budget", "150%"),
        ("AugPolicy", "--policy", "greedy"),
        ("AugScore", "--score", "entropy"),
        ("AugC", "--C", "0"),
        ("AugSeed", "--seed", "one"),
        ("AugFeaturizer", "--featurizer", "pixels:0"),
        ("AugDevice", "--device", "tpu"),
        ("AugTransforms", "--transforms", "zoom"),
        ("AugFormat", "--format", "tiff"),
        ("AugShardSize", "--shard-size", "big"),
        ("AugOnnxSide", "--onnx-side", "-3"),
        ("AugInfluence", "--influence", "kfac"),
    ];

    [Fact]
    public void A_bad_value_has_the_same_code_and_message_in_MSBuild_and_on_the_command_line()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "doors", 2, BadValues.ToDictionary(b => b.Property, b => b.Value));
        var build = project.Build();
        Assert.False(build.Succeeded);
        Assert.False(build.WorkerStarted);

        var worker = Path.Combine(package.PackagesFolder, "augbuild", package.Version.ToLowerInvariant(), "tools", "augbuild.dll");
        foreach (var (property, option, value) in BadValues)
        {
            var fromMsBuild = Lines(build.Output).Where(l => l.Message.Contains($"'{value}'", StringComparison.Ordinal) && l.Message.Contains(property + " ", StringComparison.Ordinal)).Distinct().ToList();
            var msbuild = Assert.Single(fromMsBuild);
            Assert.Equal(project.ProjectFile, msbuild.Origin);

            var run = Dotnet.Run(project.Directory,
                ["exec", "--additionalprobingpath", package.PackagesFolder, worker, "run", "--images", project.DataDir, "--out", Path.Combine(project.Directory, "cli-out"),
                 .. option == "--budget" ? Array.Empty<string>() : ["--budget", "10%"], option, value],
                project.Environment());
            Assert.True(run.ExitCode == 2, run.ToString());
            var cli = Assert.Single(Lines(run.Output));
            Assert.Equal(option, cli.Origin);

            Assert.Equal(msbuild.Code, cli.Code);
            Assert.Equal(msbuild.Message.Replace(property, "<setting>", StringComparison.Ordinal), cli.Message.Replace(option, "<setting>", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AugC_cv_is_cross_validation_not_a_crash()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "cv", 5, new Dictionary<string, string> { ["AugC"] = "cv" });
        var build = project.Build();
        build.AssertSucceeded();
        Assert.DoesNotContain("AUG6099", build.Output, StringComparison.Ordinal);
        Assert.Contains("chosen by stratified 4-fold cross-validation", build.Output, StringComparison.Ordinal);
        Assert.Contains("--C\ncv\n", File.ReadAllText(Path.Combine(project.IntermediateDir, "run.rsp")), StringComparison.Ordinal);
    }

    /// <summary>Canonical error lines; MSBuild prefixes "1>" and appends " [project]", and repeats errors in its summary.</summary>
    private static IEnumerable<(string Origin, string Code, string Message)> Lines(string output) =>
        output.Split('\n').Select(l => ErrorLine().Match(l.Trim())).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value.Trim(), m.Groups[2].Value, m.Groups[3].Value.Trim()));

    [GeneratedRegex(@"^(?:\d+>)?(.+?): error (AUG\d{4}): (.+?)(?: \[[^\]]+\])?$")]
    private static partial Regex ErrorLine();
}
