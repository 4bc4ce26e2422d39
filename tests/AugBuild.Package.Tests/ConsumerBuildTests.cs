using AugBuild.Package.Tests.Infrastructure;

namespace AugBuild.Package.Tests;

/// <summary>
/// `dotnet build` of a project that references the packed package: the dataset appears, bin/ stays clean, and
/// every incremental behaviour holds. Raw-pixel features keep each build to seconds.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class ConsumerBuildTests(PackedPackage package)
{
    internal const string NeedsRun = "needs augbuild run";
    private const int PerClass = 20;
    private const int Copies = 4; // translate: up, down, left, right

    [Fact]
    public void First_build_emits_the_dataset_and_adds_nothing_to_bin()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "first", PerClass);
        var build = project.Build();
        build.AssertSucceeded();

        Assert.True(build.WorkerStarted);
        Assert.Equal((60, 60, 0), build.Featurize);
        Assert.NotEmpty(DatasetReader.Shards(project.DatasetDir));
        Assert.True(File.Exists(Path.Combine(project.DatasetDir, "README.md")));
        Assert.True(File.Exists(Path.Combine(project.OutputDir, "scores.parquet")));
        Assert.True(File.Exists(Path.Combine(project.OutputDir, "selection.parquet")));
        Assert.Equal(60, DatasetReader.RowCount(Path.Combine(project.OutputDir, "scores.parquet")));
        Assert.Equal(60 + (6 * Copies), DatasetReader.DatasetRows(project.DatasetDir));
        Assert.True(build.ShowsDatasetLine(), build.Output);

        var bin = Path.Combine(project.Directory, "bin", "Debug", "net10.0");
        var leaked = Directory.EnumerateFiles(bin, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(project.OutputDir, StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .Where(n => n!.Contains("AugBuild", StringComparison.OrdinalIgnoreCase) || n.Contains("augbuild", StringComparison.Ordinal)
                        || n.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase) || n.Contains("Skia", StringComparison.OrdinalIgnoreCase)
                        || n.Contains("Parquet", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.Empty(leaked);
        Assert.False(Directory.Exists(Path.Combine(bin, "runtimes")), "native runtimes/ folder copied into the consumer's bin/");
    }

    [Fact]
    public void Unchanged_rebuild_starts_no_worker()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "nochange", PerClass);
        project.Build().AssertSucceeded();
        var datasetTime = DatasetWriteTimes(project);

        var second = project.Build();
        second.AssertSucceeded();
        Assert.False(second.WorkerStarted, "a no-change rebuild started the worker:\n" + second.Output);
        Assert.Equal(datasetTime, DatasetWriteTimes(project));
        // FileWrites survived the skipped target: the dataset is still reported.
        Assert.True(second.ShowsDatasetLine(), second.Output);
    }

    [Fact]
    public void Added_image_is_the_only_one_featurized()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "added", PerClass);
        project.Build().AssertSucceeded();

        project.AddImage("Shirt");
        var second = project.Build();
        second.AssertSucceeded();
        Assert.True(second.WorkerStarted);
        Assert.Equal((61, 1, 60), second.Featurize);
    }

    [Fact]
    public void Budget_change_reruns_selection_and_materialize_only()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "budget", PerClass);
        project.Build().AssertSucceeded();
        var featurizeStamp = File.GetLastWriteTimeUtc(Path.Combine(project.IntermediateDir, "featurize.stamp"));
        var selectStamp = File.ReadAllText(Path.Combine(project.IntermediateDir, "select.stamp"));

        project.SetProperty("AugBudget", "12");
        var second = project.Build();
        second.AssertSucceeded();
        Assert.True(second.WorkerStarted);
        Assert.Equal(featurizeStamp, File.GetLastWriteTimeUtc(Path.Combine(project.IntermediateDir, "featurize.stamp")));
        Assert.NotEqual(selectStamp, File.ReadAllText(Path.Combine(project.IntermediateDir, "select.stamp")));
        // The worker's own stage stamps reuse features and scores outright: no featurize line, a reuse line instead.
        Assert.Null(second.Featurize);
        Assert.Contains(second.SummaryLines, l => l.StartsWith("AugBuild: score: 60 images unchanged, reused", StringComparison.Ordinal));
        Assert.Contains(second.SummaryLines, l => l.StartsWith("AugBuild: ran select, materialize ", StringComparison.Ordinal));
        Assert.Contains(second.SummaryLines, l => l.Contains("selected 12 of 60", StringComparison.Ordinal));
        Assert.Equal(60 + (12 * Copies), DatasetReader.DatasetRows(project.DatasetDir));
    }

    [Fact]
    public void Deleted_image_is_gone_from_the_dataset()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "deleted", PerClass);
        project.Build().AssertSucceeded();
        var victim = project.Images.Order(StringComparer.Ordinal).First();
        var name = Path.GetFileName(victim);
        Assert.Contains(DatasetReader.DatasetStrings(project.DatasetDir), v => v.EndsWith(name, StringComparison.Ordinal));

        File.Delete(victim);
        var second = project.Build();
        second.AssertSucceeded();
        Assert.True(second.WorkerStarted, "deleting an image did not rerun the worker");
        Assert.DoesNotContain(DatasetReader.DatasetStrings(project.DatasetDir), v => v.EndsWith(name, StringComparison.Ordinal));
        Assert.Equal(59, DatasetReader.RowCount(Path.Combine(project.OutputDir, "scores.parquet")));
    }

    [Fact]
    public void Changed_model_file_recomputes_the_features()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "model", PerClass, new Dictionary<string, string> { ["AugFeaturizer"] = "tiny.onnx" });
        var model = Path.Combine(project.Directory, "tiny.onnx");
        File.WriteAllBytes(model, TinyOnnx.ConvFeaturizer(seed: 1));
        var first = project.Build();
        first.AssertSucceeded();
        Assert.Equal((60, 60, 0), first.Featurize);

        var unchanged = project.Build();
        Assert.False(unchanged.WorkerStarted);

        File.WriteAllBytes(model, TinyOnnx.ConvFeaturizer(seed: 2));
        var second = project.Build();
        second.AssertSucceeded();
        Assert.Equal((60, 60, 0), second.Featurize);
    }

    [Fact]
    public async Task Parallel_builds_of_two_projects_share_nothing()
    {
        package.EnsurePacked();
        var a = new ConsumerProject(package, "parallel-a", 10);
        var b = new ConsumerProject(package, "parallel-b", 15);
        // Restore first, one at a time: this test is about the pipeline, not NuGet's own locking.
        Assert.Equal(0, Dotnet.Run(a.Directory, ["restore", a.ProjectFile], a.Environment()).ExitCode);
        Assert.Equal(0, Dotnet.Run(b.Directory, ["restore", b.ProjectFile], b.Environment()).ExitCode);

        var builds = await Task.WhenAll(Task.Run(() => a.Build("--no-restore")), Task.Run(() => b.Build("--no-restore")));
        builds[0].AssertSucceeded();
        builds[1].AssertSucceeded();
        Assert.Equal(30, DatasetReader.RowCount(Path.Combine(a.OutputDir, "scores.parquet")));
        Assert.Equal(45, DatasetReader.RowCount(Path.Combine(b.OutputDir, "scores.parquet")));
        Assert.Equal(30 + (3 * Copies), DatasetReader.DatasetRows(a.DatasetDir));
        Assert.Equal(45 + (5 * Copies), DatasetReader.DatasetRows(b.DatasetDir));

        // Every path the worker writes (output, cache, stamps, response file) is inside its own project.
        foreach (var project in new[] { a, b })
        {
            var job = File.ReadAllLines(Path.Combine(project.IntermediateDir, "run.rsp"));
            var paths = job.Where(l => Path.IsPathRooted(l.Trim('"'))).ToList();
            Assert.NotEmpty(paths);
            Assert.All(paths, p => Assert.StartsWith(project.Directory, p.Trim('"'), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Clean_removes_everything_under_the_output_folder_but_keeps_the_cache()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "clean", PerClass);
        project.Build().AssertSucceeded();
        Assert.NotEmpty(DatasetReader.Shards(project.DatasetDir));

        Assert.True(Directory.Exists(Path.Combine(project.OutputDir, ".augbuild")), "the worker's stamps and lock live here");

        var clean = project.Clean();
        Assert.True(clean.ExitCode == 0, clean.ToString());
        // Everything the build wrote under the output folder goes (files, stamps, lock, the emptied folders) ...
        Assert.False(Directory.Exists(project.OutputDir), string.Join("\n", Directory.Exists(project.OutputDir) ? Directory.EnumerateFileSystemEntries(project.OutputDir, "*", SearchOption.AllDirectories) : []));
        Assert.False(Directory.Exists(project.IntermediateDir));
        // ... except the cache.
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(project.Directory, "obj", "augbuild-cache"), "*", SearchOption.AllDirectories));

        var rebuilt = project.Build();
        rebuilt.AssertSucceeded();
        Assert.True(rebuilt.WorkerStarted);
        Assert.Equal((60, 0, 60), rebuilt.Featurize); // the cache outlives clean
        Assert.NotEmpty(DatasetReader.Shards(project.DatasetDir));
    }

    [Fact]
    public void Multi_targeting_project_builds_the_dataset_once_in_the_outer_build()
    {
        package.EnsurePacked();
        // TargetFrameworks (even with one entry) makes an outer build that dispatches to inner builds.
        var project = new ConsumerProject(package, "multi", 5, new Dictionary<string, string> { ["TargetFrameworks"] = "net10.0" });
        var build = project.Build();
        build.AssertSucceeded();

        Assert.Equal(1, build.WorkerStarts);
        var outerDataset = Path.Combine(project.Directory, "bin", "Debug", "augbuild", "dataset");
        Assert.Equal(15 + (2 * Copies), DatasetReader.DatasetRows(outerDataset));
        Assert.False(Directory.Exists(project.DatasetDir), "an inner build wrote its own dataset");

        Assert.Equal(0, project.Build().WorkerStarts);
        Assert.Equal(0, project.Clean().ExitCode);
        Assert.Empty(DatasetReader.Shards(outerDataset));
    }

    [Fact]
    public void Label_metadata_overrides_the_class_folder_through_a_manifest()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "labels", 10);
        var name = Path.GetFileName(Directory.EnumerateFiles(Path.Combine(project.DataDir, "Shirt")).Order(StringComparer.Ordinal).First());
        File.WriteAllText(Path.Combine(project.Directory, "Directory.Build.targets"), $"""
            <Project>
              <ItemGroup>
                <AugImage Update="data/Shirt/{name}">
                  <Label>Pullover</Label>
                </AugImage>
              </ItemGroup>
            </Project>
            """);
        var build = project.Build();
        build.AssertSucceeded();

        var manifest = File.ReadAllLines(Path.Combine(project.IntermediateDir, "images.csv"));
        Assert.Equal("path,label", manifest[0]);
        Assert.Equal(31, manifest.Length);
        Assert.Contains($"../../../data/Shirt/{name},Pullover", manifest);
        Assert.Contains("../../../data/T-shirt_top/" + Path.GetFileName(Directory.EnumerateFiles(Path.Combine(project.DataDir, "T-shirt_top")).Order(StringComparer.Ordinal).First()) + ",T-shirt_top", manifest);
        Assert.Contains($"--images\n{Path.Combine(project.IntermediateDir, "images.csv")}\n", File.ReadAllText(Path.Combine(project.IntermediateDir, "run.rsp")), StringComparison.Ordinal);
        Assert.Equal(30, DatasetReader.RowCount(Path.Combine(project.OutputDir, "scores.parquet")));

        // Back to plain class folders: the manifest goes and the worker reads data/ again.
        File.Delete(Path.Combine(project.Directory, "Directory.Build.targets"));
        var plain = project.Build();
        plain.AssertSucceeded();
        Assert.True(plain.WorkerStarted, "changing a label did not rerun the worker");
        Assert.False(File.Exists(Path.Combine(project.IntermediateDir, "images.csv")));
    }

    private static Dictionary<string, DateTime> DatasetWriteTimes(ConsumerProject project) =>
        Directory.EnumerateFiles(project.OutputDir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
}
