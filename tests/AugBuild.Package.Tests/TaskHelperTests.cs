using AugBuild.Settings;
using AugBuild.Tasks;

namespace AugBuild.Package.Tests;

/// <summary>The tasks' plain helpers: option checks, labels, manifest, stamps, the worker's command and output.</summary>
public sealed class TaskHelperTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "augbuild-task-helpers-" + Guid.NewGuid().ToString("N")[..8]);

    public TaskHelperTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("10%", true)]
    [InlineData("2.5%", true)]
    [InlineData("100%", true)]
    [InlineData("50", true)]
    [InlineData("0", true)]
    [InlineData("101%", false)]
    [InlineData("-5", false)]
    [InlineData("ten", false)]
    public void Budget_is_a_count_or_a_percentage(string budget, bool valid) =>
        Assert.Equal(valid, Errors(("AugBudget", budget)).Count == 0);

    [Theory]
    [InlineData("resnet18", true)]
    [InlineData("pixels", true)]
    [InlineData("pixels:16", true)]
    [InlineData("pixels:28:gray", true)]
    [InlineData("models/my.onnx", true)]
    [InlineData("pixels:0", false)]
    [InlineData("vgg", false)]
    public void Featurizer_forms_are_the_engines(string featurizer, bool valid) =>
        Assert.Equal(valid, Errors(("AugFeaturizer", featurizer)).Count == 0);

    [Fact]
    public void Unknown_policy_message_names_the_property_and_the_choices()
    {
        var error = Assert.Single(Errors(("AugPolicy", "random")));
        Assert.Equal("AUG4010", error.Code);
        Assert.Contains("Unknown policy 'random'. Set AugPolicy to one of:", error.Message, StringComparison.Ordinal);
        Assert.Contains("random-proportional", error.Message, StringComparison.Ordinal);
        Assert.Empty(Errors(("AugPolicy", "Random-Proportional")));
    }

    [Fact]
    public void A_modifier_on_a_policy_without_scores_is_caught_in_MSBuild()
    {
        var error = Assert.Single(Errors(("AugPolicy", "baseline"), ("AugUpdate", "true")));
        Assert.Equal("AUG4011", error.Code);
    }

    [Fact]
    public void Class_folder_is_the_first_folder_below_the_dataset_root()
    {
        var root = Path.Combine(_dir, "data");
        Assert.Equal("Shirt", ImageLabels.ClassFolder(root, Path.Combine(root, "Shirt", "a.png")));
        Assert.Equal("Shirt", ImageLabels.ClassFolder(root, Path.Combine(root, "Shirt", "sub", "a.png")));
        Assert.Null(ImageLabels.ClassFolder(root, Path.Combine(root, "a.png")));
        Assert.Null(ImageLabels.ClassFolder(root, Path.Combine(_dir, "other", "x", "a.png")));
    }

    [Fact]
    public void Manifest_paths_are_relative_to_the_manifest_and_quoted_when_needed()
    {
        var manifest = Path.Combine(_dir, "obj", "images.csv");
        var images = new[]
        {
            new LabeledImage(Path.Combine(_dir, "data", "a,b.png"), "T-shirt, top", true),
            new LabeledImage(Path.Combine(_dir, "data", "c.png"), "Shirt", false),
        };
        var text = Manifest.Format(images, manifest);
        Assert.Equal("path,label\n\"../data/a,b.png\",\"T-shirt, top\"\n../data/c.png,Shirt\n", text);
    }

    [Fact]
    public void Budget_change_leaves_the_score_stamp_alone_and_moves_the_others()
    {
        var image = Path.Combine(_dir, "a.png");
        File.WriteAllBytes(image, [1, 2, 3]);
        var inputs = new StampInputs([new LabeledImage(image, "x", false)], "", "", "/out");
        var before = StageStamps.Compute(inputs, Settings(("AugFeaturizer", "pixels")));
        var budget = StageStamps.Compute(inputs, Settings(("AugFeaturizer", "pixels"), ("AugBudget", "20%")));
        var transforms = StageStamps.Compute(inputs, Settings(("AugFeaturizer", "pixels"), ("AugTransforms", "rotate")));

        Assert.Equal(before.Score, budget.Score);
        Assert.NotEqual(before.Select, budget.Select);
        Assert.NotEqual(before.Materialize, budget.Materialize);
        Assert.Equal(before.Select, transforms.Select);
        Assert.NotEqual(before.Materialize, transforms.Materialize);
        Assert.Equal(before.Materialize, StageStamps.Compute(inputs, Settings(("AugFeaturizer", "pixels"))).Materialize);
        // The default written out is the default left empty: stamps hold canonical values.
        Assert.Equal(before.Select, StageStamps.Compute(inputs, Settings(("AugFeaturizer", "pixels"), ("AugBudget", "10.0 %"))).Select);
    }

    [Fact]
    public void Rewritten_or_deleted_image_moves_the_score_stamp()
    {
        var a = Path.Combine(_dir, "a.png");
        var b = Path.Combine(_dir, "b.png");
        File.WriteAllBytes(a, [1, 2, 3]);
        File.WriteAllBytes(b, [4, 5, 6]);
        string Stamp(params string[] files) =>
            StageStamps.Compute(new StampInputs(files.Select(f => new LabeledImage(f, "x", false)).ToList(), "", "", "/out"), Settings()).Score;
        var both = Stamp(a, b);

        Assert.NotEqual(both, Stamp(a));
        File.WriteAllBytes(b, [4, 5, 6, 7]);
        Assert.NotEqual(both, Stamp(a, b));
    }

    [Fact]
    public void Device_batch_size_and_cache_are_in_no_stamp()
    {
        // CPU and GPU, any batch size and any cache folder must give the same dataset and share every cache.
        var image = Path.Combine(_dir, "d.png");
        File.WriteAllBytes(image, [1]);
        var inputs = new StampInputs([new LabeledImage(image, "x", false)], "", "", "/out");
        var cpu = StageStamps.Compute(inputs, Settings(("AugDevice", "cpu")));
        var gpu = StageStamps.Compute(inputs, Settings(("AugDevice", "cuda"), ("AugBatchSize", "64"), ("AugCacheDir", "/elsewhere")));
        Assert.Equal(cpu.Materialize, gpu.Materialize);
    }

    [Fact]
    public void Write_if_different_keeps_the_timestamp_of_unchanged_content()
    {
        var path = Path.Combine(_dir, "stamp");
        Assert.True(TextFiles.WriteIfDifferent(path, "a\n"));
        var time = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, time);
        Assert.False(TextFiles.WriteIfDifferent(path, "a\n"));
        Assert.Equal(time, File.GetLastWriteTimeUtc(path));
        Assert.True(TextFiles.WriteIfDifferent(path, "b\n"));
        Assert.Equal("b\n", File.ReadAllText(path));
    }

    [Fact]
    public void Response_file_has_one_token_per_line_and_quotes_spaces()
    {
        var job = new WorkerArguments("/my data/", "/out", Settings(
            ("AugBudget", "10%"), ("AugPolicy", "random-proportional"), ("AugUpdate", "true"), ("AugDownweight", "false"), ("AugFeaturizer", "pixels:8"), ("AugDevice", "cpu"), ("AugCacheDir", "")));
        var lines = job.ResponseFile().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["--images", "\"/my data/\"", "--out", "/out", "--featurizer", "pixels:8", "--device", "cpu", "--budget", "10%", "--policy", "random-proportional", "--update"],
            lines);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("cv", true)]
    [InlineData("CV", true)]
    [InlineData("1", true)]
    [InlineData("0.01", true)]
    [InlineData("0", false)]
    [InlineData("lots", false)]
    public void C_is_positive_or_cross_validated(string c, bool valid) =>
        Assert.Equal(valid, Errors(("AugC", c)).Count == 0);

    [Fact]
    public void Fixed_C_reaches_the_worker_and_the_score_stamp()
    {
        var job = new WorkerArguments("/d", "/o", Settings(("AugBudget", "5"), ("AugC", "10")));
        Assert.Equal(["--images", "/d", "--out", "/o", "--budget", "5", "--C", "10"], job.Tokens());

        var image = Path.Combine(_dir, "c.png");
        File.WriteAllBytes(image, [1]);
        var inputs = new StampInputs([new LabeledImage(image, "x", false)], "", "", "/out");
        var cv = StageStamps.Compute(inputs, Settings(("AugC", "cv")));
        var fixedC = StageStamps.Compute(inputs, Settings(("AugC", "10")));
        Assert.Equal(cv.Score, StageStamps.Compute(inputs, Settings()).Score);
        Assert.NotEqual(cv.Score, fixedC.Score);
    }

    [Theory]
    [InlineData("AugBuild: selected 6 of 60 (10%) by random-proportional on loss", "Summary")]
    [InlineData("/data/a.png: warning AUG1203: image is corrupt; skipped", "Diagnostic")]
    [InlineData("augbuild : error AUG1001: no images", "Diagnostic")]
    [InlineData("featurize 120/300", "Progress")]
    public void Worker_lines_are_classified(string line, string kind) =>
        Assert.Equal(Enum.Parse<WorkerLineKind>(kind), WorkerOutput.Classify(line));

    [Fact]
    public void Missing_worker_packages_are_named()
    {
        var deps = Path.Combine(_dir, "w.deps.json");
        File.WriteAllText(deps, """
            {
              "libraries": {
                "w/1.0.0": { "type": "project" },
                "Present.Pkg/1.2.3": { "type": "package", "path": "present.pkg/1.2.3" },
                "Absent.Pkg/4.5.6": { "type": "package", "path": "absent.pkg/4.5.6" }
              }
            }
            """);
        var root = Path.Combine(_dir, "packages");
        Directory.CreateDirectory(Path.Combine(root, "present.pkg", "1.2.3"));

        var packages = WorkerDependencies.Read(deps);
        Assert.Equal(2, packages.Count);
        var missing = Assert.Single(WorkerDependencies.Missing(packages, [root]));
        Assert.Equal(("Absent.Pkg", "4.5.6"), (missing.Id, missing.Version));
    }

    [Fact]
    public void Class_folder_tree_is_recognised_only_when_items_match_it_exactly()
    {
        var data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(Path.Combine(data, "A"));
        Directory.CreateDirectory(Path.Combine(data, ".hidden"));
        var a1 = Path.Combine(data, "A", "1.png");
        var a2 = Path.Combine(data, "A", "2.png");
        File.WriteAllBytes(a1, [1]);
        File.WriteAllBytes(a2, [1]);
        File.WriteAllBytes(Path.Combine(data, ".hidden", "3.png"), [1]);
        File.WriteAllText(Path.Combine(data, "LICENSE.md"), "x");

        LabeledImage Image(string path, bool explicitLabel = false) => new(path, "A", explicitLabel);
        Assert.True(ClassFolderTree.IsExactly(data, [Image(a1), Image(a2)]));
        Assert.False(ClassFolderTree.IsExactly(data, [Image(a1)]));
        Assert.False(ClassFolderTree.IsExactly(data, [Image(a1), Image(a2, explicitLabel: true)]));
    }

    /// <summary>The settings as the targets pass them: by property, every other one empty (its default).</summary>
    private static SettingValues Settings(params (string Property, string Value)[] values) =>
        new(values.ToDictionary(v => SettingCatalog.ByProperty(v.Property)!.Option, v => (string?)v.Value), d => d.Property);

    private static IReadOnlyList<SettingException> Errors(params (string Property, string Value)[] values) => SettingCatalog.Check(Settings(values));

    [Fact]
    public void Worker_outputs_are_the_files_the_worker_listed_so_Clean_keeps_a_file_someone_else_put_there()
    {
        var dataset = Path.Combine(_dir, "out", "dataset");
        Directory.CreateDirectory(dataset);
        Directory.CreateDirectory(Path.Combine(_dir, "out", ".augbuild"));
        foreach (var name in new[] { "README.md", "train-00000-of-00001.parquet", "train-00003-of-00007.parquet", "notes.txt" })
            File.WriteAllText(Path.Combine(dataset, name), name);
        File.WriteAllText(Path.Combine(_dir, "out", ".augbuild", "dataset-files.txt"), "README.md\ntrain-00000-of-00001.parquet\n");
        File.WriteAllText(Path.Combine(_dir, "out", "scores.parquet"), "s");

        var outputs = WorkerOutputs.List(Path.Combine(_dir, "out")).Select(f => Path.GetRelativePath(Path.Combine(_dir, "out"), f).Replace('\\', '/'));

        Assert.Equal(["dataset/README.md", "dataset/train-00000-of-00001.parquet", "scores.parquet"], outputs);
    }
}
