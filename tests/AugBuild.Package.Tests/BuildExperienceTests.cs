using System.Text.Json;
using AugBuild.Package.Tests.Infrastructure;

namespace AugBuild.Package.Tests;

/// <summary>What a .NET user sees and relies on: loggers, warnings as errors, several projects, MSBuild conventions.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class BuildExperienceTests(PackedPackage package)
{
    private const int PerClass = 6;

    [Fact]
    public void Summary_and_dataset_path_show_under_each_logger_and_stay_quiet_at_q()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "loggers", PerClass);
        project.Build().AssertSucceeded();

        // A new seed reruns select and materialize each time, so every build below has stage summaries to show.
        BuildResult With(string seed, params string[] arguments)
        {
            project.SetProperty("AugSeed", seed);
            var build = project.BuildWith(arguments);
            build.AssertSucceeded();
            return build;
        }

        foreach (var (seed, arguments) in new[] { ("1", new[] { "-tl:off", "-v:n" }), ("2", new[] { "-tl:off", "-v:m" }), ("3", new[] { "-tl:off" }) })
        {
            var classic = With(seed, arguments);
            Assert.True(classic.ShowsDatasetLine(), string.Join(' ', arguments) + "\n" + classic.Output);
            Assert.Contains(classic.Output.Split('\n'), l => l.Trim().StartsWith("AugBuild (Consumer): selected ", StringComparison.Ordinal));
            Assert.Contains(classic.Output.Split('\n'), l => l.Trim().StartsWith("AugBuild (Consumer): materialize: ", StringComparison.Ordinal));
        }

        var quiet = With("4", "-tl:off", "-v:q");
        Assert.DoesNotContain("AugBuild", quiet.Output, StringComparison.Ordinal);
        Assert.False(quiet.ShowsDatasetLine());

        // The terminal logger (forced by -tl:on, so it runs with the output redirected) shows at its default verbosity
        // only errors, warnings and one output line per project (MSBuild 18.9, TerminalLogger.MessageRaised): the
        // dataset line is that output line and carries the dataset's summary; the stage summaries stay hidden.
        var terminal = With("5", "-tl:on");
        Assert.Contains("\u001b[", terminal.Output, StringComparison.Ordinal); // it really was the terminal logger
        var line = TerminalLine(terminal, "augbuild/dataset (");
        Assert.Matches(@"Consumer net10\.0 succeeded( with warnings)? \([\d.]+s\) → bin/\w+/net10\.0/augbuild/dataset \(\d+ rows: 18 originals and \d+ copies of the \d+ images selected by moderate on loss\)$", line);
        Assert.Contains("augbuild\u001b\\", terminal.Output, StringComparison.Ordinal); // its link still names the output folder
        Assert.DoesNotContain("AugBuild (Consumer): selected ", terminal.Output, StringComparison.Ordinal);

        // Nothing changed: no worker, and the line says the dataset is up to date.
        var unchanged = project.BuildWith("-tl:on");
        unchanged.AssertSucceeded();
        Assert.Matches(@"augbuild/dataset \(up to date, \d+ rows: 18 originals and ", TerminalLine(unchanged, "augbuild/dataset ("));

        // The terminal logger's own verbosity (-tlp:v=d) shows the stage summaries under the project line, from the
        // command line or from a Directory.Build.rsp beside the project (docs/msbuild.md).
        var tlDetailed = With("6", "-tl:on", "-tlp:v=d");
        Assert.Contains("AugBuild (Consumer): selected ", tlDetailed.Output, StringComparison.Ordinal);
        Assert.Contains("AugBuild (Consumer): materialize: ", tlDetailed.Output, StringComparison.Ordinal);
        var rsp = Path.Combine(project.Directory, "Directory.Build.rsp");
        File.WriteAllText(rsp, "-tlp:v=d\n");
        try
        {
            var fromRsp = With("7", "-tl:on");
            Assert.Contains("AugBuild (Consumer): selected ", fromRsp.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(rsp);
        }

        // Under the terminal logger too, the build has no warning of its own: -warnaserror stays green.
        var strict = With("8", "-tl:on", "-warnaserror");
        Assert.Contains("dataset (", TerminalLine(strict, "augbuild/dataset ("), StringComparison.Ordinal);

        // The classic logger's dataset line carries the same summary.
        Assert.Matches(@"^Consumer -> .+/augbuild/dataset \(\d+ rows: 18 originals and \d+ copies of the \d+ images selected by moderate on loss\)$", With("9", "-tl:off").DatasetLine());
    }

    /// <summary>The terminal logger's last line containing <paramref name="text"/>, without its colour and link codes.</summary>
    private static string TerminalLine(BuildResult build, string text)
    {
        var line = StripAnsi(build.Output).Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(line is not null, $"no line with '{text}' in:\n{StripAnsi(build.Output)}");
        return line;
    }

    private static string StripAnsi(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\u001b\][^\u001b]*\u001b\\|\u001b\[[0-9;?]*[A-Za-z]", "");

    [Fact]
    public void Warnings_as_errors_is_green_on_a_cpu_machine_and_a_failed_build_is_not_recorded_as_done()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "warnaserror", PerClass, new Dictionary<string, string> { ["AugDevice"] = "auto", ["AugFeaturizer"] = "tiny.onnx" });
        File.WriteAllBytes(Path.Combine(project.Directory, "tiny.onnx"), TinyOnnx.ConvFeaturizer(seed: 1));

        var cpu = project.Build("-warnaserror");

        cpu.AssertSucceeded();
        Assert.True(cpu.WorkerStarted);
        if (!cpu.Output.Contains("runs on ONNX Runtime CUDA", StringComparison.Ordinal))
            Assert.Contains("runs on ONNX Runtime CPU: CUDA is unavailable", cpu.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning AUG", cpu.Output, StringComparison.Ordinal);

        // A real warning (an undecodable image) under -warnaserror fails the build, and keeps failing it.
        File.WriteAllBytes(Path.Combine(project.DataDir, "Shirt", "zz-corrupt.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var failed = project.Build("-warnaserror");
        Assert.False(failed.Succeeded, failed.Output);
        Assert.Contains("error AUG6010", failed.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(project.IntermediateDir, "run.done")), "a failed build must not be recorded as done");

        var again = project.Build("-warnaserror");
        Assert.True(again.WorkerStarted, "the identical next build must run the worker again, not pass silently");
        Assert.False(again.Succeeded, again.Output);
        Assert.Contains("error AUG6010", again.Output, StringComparison.Ordinal); // the reused scores still leave the image out

        // Without -warnaserror the warning is repeated on each build while it applies, and the run is never "done".
        var lenient = project.Build();
        lenient.AssertSucceeded();
        Assert.Contains("warning AUG6010", lenient.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(project.IntermediateDir, "run.done")));

        File.Delete(Path.Combine(project.DataDir, "Shirt", "zz-corrupt.png"));
        project.Build("-warnaserror").AssertSucceeded();
        Assert.True(File.Exists(Path.Combine(project.IntermediateDir, "run.done")));
    }

    [Fact]
    public void Parallel_build_of_two_projects_names_the_project_on_every_line()
    {
        package.EnsurePacked();
        var root = Path.Combine(package.Root, "two-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(root);
        var a = new ConsumerProject(package, "a", PerClass, projectName: "Alpha", parent: root);
        var b = new ConsumerProject(package, "b", PerClass, projectName: "Beta", parent: root);
        File.Copy(Path.Combine(a.Directory, "nuget.config"), Path.Combine(root, "nuget.config"));
        var traversal = Path.Combine(root, "both.proj");
        File.WriteAllText(traversal, $"""
            <Project DefaultTargets="Build">
              <Target Name="Restore"><MSBuild Projects="{a.ProjectFile};{b.ProjectFile}" Targets="Restore" Properties="MSBuildRestoreSessionId=$([System.Guid]::NewGuid())" /></Target>
              <Target Name="Build"><MSBuild Projects="{a.ProjectFile};{b.ProjectFile}" Targets="Build" BuildInParallel="true" /></Target>
            </Project>
            """);

        var build = new BuildResult(Dotnet.Run(root, ["build", traversal, "-m:2", "-nr:false", "-tl:off", "-v:m"], a.Environment()));

        build.AssertSucceeded();
        var lines = build.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("AugBuild", StringComparison.Ordinal) && !l.Contains("warning", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count > 0, build.Output);
        Assert.All(lines, l => Assert.Matches(@"AugBuild \((Alpha|Beta)\): ", l));
        Assert.Contains(lines, l => l.Contains("AugBuild (Alpha): materialize", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("AugBuild (Beta): materialize", StringComparison.Ordinal));
        Assert.True(build.ShowsDatasetLine("Alpha") && build.ShowsDatasetLine("Beta"), build.Output);
    }

    [Fact]
    public void A_project_without_images_gets_one_warning_and_a_green_build()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "noimages", 0);

        var build = project.Build();

        build.AssertSucceeded();
        Assert.Single(build.Output.Split('\n').Where(l => l.Contains("warning AUG7004", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf("warning AUG7004", StringComparison.Ordinal)..].Split(" [")[0].Trim()).Distinct());
        Assert.False(build.WorkerStarted);
        Assert.False(build.ShowsDatasetLine());
    }

    [Fact]
    public void Fast_up_to_date_check_sees_the_images_as_inputs_and_the_dataset_as_built()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "futdc", PerClass, new Dictionary<string, string> { ["AugFeaturizer"] = "tiny.onnx" });
        File.WriteAllBytes(Path.Combine(project.Directory, "tiny.onnx"), TinyOnnx.ConvFeaturizer(seed: 1));
        // Visual Studio's managed project system defines these; a design-time build runs them and reads the items.
        project.ExtraXml = """
              <Target Name="CollectUpToDateCheckInputDesignTime" Returns="@(UpToDateCheckInput)" />
              <Target Name="CollectUpToDateCheckBuiltDesignTime" Returns="@(UpToDateCheckBuilt)" />
            """;
        Assert.Equal(0, project.Run("restore", project.ProjectFile).ExitCode);

        var result = project.Run("msbuild", project.ProjectFile, "-nr:false", "-t:CollectUpToDateCheckInputDesignTime;CollectUpToDateCheckBuiltDesignTime",
            "-getItem:UpToDateCheckInput", "-getItem:UpToDateCheckBuilt");

        Assert.True(result.ExitCode == 0, result.ToString());
        var items = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("Items");
        string[] Paths(string name) => items.GetProperty(name).EnumerateArray()
            .Where(i => i.TryGetProperty("Set", out var set) && set.GetString() == "AugBuild")
            .Select(i => i.GetProperty("FullPath").GetString()!).ToArray();
        var inputs = Paths("UpToDateCheckInput");
        Assert.Equal(project.Images.Select(Path.GetFullPath).Order(StringComparer.Ordinal), inputs.Where(p => p.EndsWith(".png", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains(Path.Combine(project.Directory, "tiny.onnx"), inputs);
        Assert.Contains(Path.Combine(project.DatasetDir, "README.md"), Paths("UpToDateCheckBuilt"));
    }

    [Fact]
    public void AugmentDataset_returns_the_files_it_wrote_and_downstream_targets_can_publish_them()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "downstream", PerClass);
        // The documented recipe (docs/msbuild.md): publish copies nothing of the dataset unless a project asks.
        project.ExtraXml = """
              <Target Name="PublishDataset" AfterTargets="Publish" DependsOnTargets="AugmentDataset">
                <ItemGroup>
                  <_DatasetFile Include="$(AugOutputDir)dataset/**" />
                </ItemGroup>
                <Copy SourceFiles="@(_DatasetFile)" DestinationFolder="$(PublishDir)dataset/%(RecursiveDir)" />
              </Target>
            """;

        var build = project.Run("build", project.ProjectFile, "-nr:false", "-t:AugmentDataset", "-getTargetResult:AugmentDataset");

        Assert.True(build.ExitCode == 0, build.ToString());
        var result = JsonDocument.Parse(build.Output[build.Output.IndexOf('{', StringComparison.Ordinal)..]).RootElement
            .GetProperty("TargetResults").GetProperty("AugmentDataset");
        Assert.Equal("Success", result.GetProperty("Result").GetString());
        var returned = result.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()!).Order(StringComparer.Ordinal).ToList();
        var written = Directory.EnumerateFiles(project.DatasetDir).Where(f => !Path.GetFileName(f).StartsWith('.')).Append(Path.Combine(project.OutputDir, "scores.parquet")).Append(Path.Combine(project.OutputDir, "selection.parquet")).Order(StringComparer.Ordinal);
        Assert.Equal(written, returned);
        Assert.DoesNotContain(returned, p => p.Contains("lock", StringComparison.OrdinalIgnoreCase) || p.Contains(".augbuild", StringComparison.Ordinal));

        var plain = new ConsumerProject(package, "publish", PerClass);
        var published = plain.Run("publish", plain.ProjectFile, "-nr:false");
        Assert.True(published.ExitCode == 0, published.ToString());
        var publishDir = Path.Combine(plain.Directory, "bin", "Release", "net10.0", "publish");
        Assert.True(Directory.Exists(Path.Combine(plain.Directory, "bin", "Release", "net10.0", "augbuild", "dataset")), "publish builds the dataset");
        Assert.DoesNotContain(Directory.EnumerateFiles(publishDir, "*", SearchOption.AllDirectories), f => f.EndsWith(".parquet", StringComparison.Ordinal));

        var recipe = project.Run("publish", project.ProjectFile, "-nr:false");
        Assert.True(recipe.ExitCode == 0, recipe.ToString());
        var copied = Path.Combine(project.Directory, "bin", "Release", "net10.0", "publish", "dataset");
        Assert.Equal(Directory.EnumerateFiles(Path.Combine(project.Directory, "bin", "Release", "net10.0", "augbuild", "dataset")).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(copied).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
