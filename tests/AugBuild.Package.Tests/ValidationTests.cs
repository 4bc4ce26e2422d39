using AugBuild.Package.Tests.Infrastructure;

namespace AugBuild.Package.Tests;

/// <summary>Mistakes in the project file fail fast, in MSBuild, with a coded error naming the property; no worker starts.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class ValidationTests(PackedPackage package)
{
    [Fact]
    public void Restores_from_an_empty_packages_folder_and_rejects_a_bad_budget()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "badbudget", 3, new Dictionary<string, string> { ["AugBudget"] = "ten percent" });
        var build = project.Build();

        Assert.False(build.Succeeded);
        Assert.Contains("error AUG4001: Budget 'ten percent' is not a whole number. Set AugBudget to", build.Output, StringComparison.Ordinal);
        Assert.False(build.WorkerStarted);
        // The package and its heavy dependencies came through the isolated packages folder.
        Assert.True(Directory.Exists(Path.Combine(package.PackagesFolder, "augbuild", package.Version.ToLowerInvariant(), "tools")));
        Assert.True(Directory.Exists(Path.Combine(package.PackagesFolder, "augbuild.runtime.linux-x64", package.Version.ToLowerInvariant(), "runtimes", "linux-x64", "native")));
        // ... and not the upstream all-platform natives (ONNX Runtime's CUDA provider alone is 270 MB).
        Assert.False(Directory.Exists(Path.Combine(package.PackagesFolder, "microsoft.ml.onnxruntime.gpu.linux")));
        Assert.False(Directory.Exists(Path.Combine(package.PackagesFolder, "skiasharp.nativeassets.win32")));
    }

    [Fact]
    public void Image_outside_a_class_folder_without_a_label_is_an_error()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "nolabel", 3);
        File.Copy(project.Images.First(), Path.Combine(project.Directory, "stray.png"));
        var targets = Path.Combine(project.Directory, "Directory.Build.targets");
        File.WriteAllText(targets, """
            <Project>
              <ItemGroup>
                <AugImage Include="stray.png" />
              </ItemGroup>
            </Project>
            """);
        var build = project.Build();

        Assert.False(build.Succeeded);
        Assert.Contains("error AUG7005", build.Output, StringComparison.Ordinal);
        Assert.Contains("stray.png", build.Output, StringComparison.Ordinal);
        Assert.False(build.WorkerStarted);
    }

    [Fact]
    public void Design_time_builds_and_disabled_projects_skip_the_pipeline()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "designtime", 3, new Dictionary<string, string> { ["AugBudget"] = "not a budget" });
        var designTime = project.Build("-p:DesignTimeBuild=true");
        Assert.DoesNotContain("AUG4001", designTime.Output, StringComparison.Ordinal);
        Assert.False(designTime.WorkerStarted);

        var disabled = project.Build("-p:AugEnabled=false");
        disabled.AssertSucceeded();
        Assert.False(disabled.WorkerStarted);
        Assert.False(Directory.Exists(project.OutputDir));
    }

    [Fact]
    public void Missing_worker_package_is_named_before_the_worker_starts()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "nodeps", 3);
        Assert.Equal(0, Dotnet.Run(project.Directory, ["restore", project.ProjectFile], project.Environment()).ExitCode);

        // A copy of the packed worker whose deps.json names a package that no packages folder holds.
        var tools = Path.Combine(package.PackagesFolder, "augbuild", package.Version.ToLowerInvariant(), "tools");
        var worker = Path.Combine(project.Directory, "worker");
        Directory.CreateDirectory(worker);
        foreach (var file in Directory.EnumerateFiles(tools))
        {
            File.Copy(file, Path.Combine(worker, Path.GetFileName(file)));
        }

        var deps = Path.Combine(worker, "augbuild.deps.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(deps))!;
        json["libraries"]!["Missing.Package/9.9.9"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "package", ["path"] = "missing.package/9.9.9" };
        File.WriteAllText(deps, json.ToJsonString());

        var build = project.Build("--no-restore", "-p:AugWorkerPath=" + Path.Combine(worker, "augbuild.dll"));
        Assert.False(build.Succeeded);
        Assert.Contains("error AUG7001", build.Output, StringComparison.Ordinal);
        Assert.Contains("Missing.Package 9.9.9", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime.Gpu 1.31.0", build.Output, StringComparison.Ordinal);
        Assert.Contains("<PackageDownload Include=\"Missing.Package\" Version=\"[9.9.9]\" />", build.Output, StringComparison.Ordinal);
        Assert.False(build.WorkerStarted);
    }

    [Fact]
    public void Missing_model_package_is_named()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "nomodel", 3, new Dictionary<string, string> { ["AugFeaturizer"] = "resnet18" });
        var build = project.Build("-p:_AugResNet18Version=9.9.9");
        Assert.False(build.Succeeded);
        Assert.Contains("error AUG7001", build.Output, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18 9.9.9", build.Output, StringComparison.Ordinal);
        Assert.False(build.WorkerStarted);
    }
}
