using System.IO.Compression;
using System.Xml.Linq;
using AugBuild.Package.Tests.Infrastructure;

namespace AugBuild.Package.Tests;

/// <summary>What `dotnet pack src/Package` puts in AugBuild.nupkg, read back from the archive.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageContentsTests(PackedPackage package)
{
    private static readonly string[] NativeExtensions = [".so", ".dylib", ".a", ".lib", ".exe", ".onnx"];

    [Fact]
    public void Package_is_small()
    {
        package.EnsurePacked();
        var size = new FileInfo(package.NupkgPath).Length;
        Assert.True(size < 5 * 1024 * 1024, $"AugBuild.nupkg is {size:N0} bytes; the goal is under 5 MB.");
    }

    [Fact]
    public void Package_holds_targets_tasks_and_the_workers_own_assemblies_only()
    {
        package.EnsurePacked();
        var entries = Entries();
        string[] expected =
        [
            "build/AugBuild.props", "build/AugBuild.Model.props", "build/AugBuild.targets",
            "buildMultiTargeting/AugBuild.props", "buildMultiTargeting/AugBuild.targets",
            "tasks/net10.0/AugBuild.Tasks.dll",
            "tools/augbuild.dll", "tools/AugBuild.Engine.dll", "tools/augbuild.deps.json", "tools/augbuild.runtimeconfig.json",
        ];
        foreach (var entry in expected)
        {
            Assert.Contains(entry, entries);
        }

        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("runtimes/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => NativeExtensions.Contains(Path.GetExtension(e), StringComparer.OrdinalIgnoreCase));
        var dlls = entries.Where(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);
        // SkiaSharp's managed assembly is the worker's own file: its package would pull in the Windows and macOS natives.
        Assert.Equal(["tasks/net10.0/AugBuild.Tasks.dll", "tools/AugBuild.Engine.dll", "tools/SkiaSharp.dll", "tools/augbuild.dll"], dlls);
    }

    [Fact]
    public void Dependencies_are_pinned_exactly_and_add_no_assets()
    {
        package.EnsurePacked();
        var nuspec = Nuspec();
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal(package.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);

        var dependencies = metadata.Descendants(ns + "dependency").ToList();
        var ids = dependencies.Select(d => d.Attribute("id")!.Value).ToList();
        foreach (var needed in new[] { "AugBuild.Runtime.linux-x64", "AugBuild.Runtime.win-x64", "Microsoft.ML.OnnxRuntime.Managed", "Parquet.Net", "Microsoft.ML.DnnImageFeaturizer.ResNet18" })
        {
            Assert.Contains(needed, ids);
        }

        // The upstream native packages hold every platform (and the 270 MB CUDA provider): 1.8 GB restored on Linux.
        Assert.DoesNotContain(ids, id => id.StartsWith("SkiaSharp", StringComparison.Ordinal) || id.StartsWith("Microsoft.ML.OnnxRuntime.Gpu", StringComparison.Ordinal));

        Assert.All(dependencies, d =>
        {
            Assert.Matches(@"^\[[^,\]]+\]$", d.Attribute("version")!.Value);
            Assert.Equal("All", d.Attribute("exclude")?.Value);
        });
        // One group without a target framework: the dependencies restore whatever the consumer targets.
        Assert.All(metadata.Descendants(ns + "group"), g => Assert.Null(g.Attribute("targetFramework")));
    }

    [Fact]
    public void Every_package_the_worker_loads_is_a_dependency_at_the_same_version()
    {
        package.EnsurePacked();
        using var archive = ZipFile.OpenRead(package.NupkgPath);
        using var deps = new StreamReader(archive.GetEntry("tools/augbuild.deps.json")!.Open());
        var path = Path.Combine(package.Root, "augbuild.deps.json");
        File.WriteAllText(path, deps.ReadToEnd());
        var workerPackages = AugBuild.Tasks.WorkerDependencies.Read(path);

        var ns = Nuspec().Root!.Name.Namespace;
        var declared = Nuspec().Descendants(ns + "dependency")
            .ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value.Trim('[', ']'), StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(workerPackages);
        Assert.All(workerPackages, p => Assert.Equal(p.Version, declared.GetValueOrDefault(p.Id)));
    }

    [Theory]
    [InlineData("linux-x64", new[] { "libonnxruntime.so", "libonnxruntime_providers_shared.so", "libSkiaSharp.so" })]
    [InlineData("win-x64", new[] { "onnxruntime.dll", "onnxruntime_providers_shared.dll", "libSkiaSharp.dll" })]
    public void Each_runtime_package_holds_its_platforms_natives_only(string rid, string[] files)
    {
        package.EnsurePacked();
        var path = Path.Combine(package.Feed, $"AugBuild.Runtime.{rid}.{package.Version}.nupkg");
        using var archive = ZipFile.OpenRead(path);
        var natives = archive.Entries.Select(e => e.FullName).Where(e => e.StartsWith("runtimes/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        Assert.Equal(files.Select(f => $"runtimes/{rid}/native/{f}").Order(StringComparer.Ordinal), natives);
        Assert.True(new FileInfo(path).Length < 25 * 1024 * 1024, $"{path} is {new FileInfo(path).Length:N0} bytes");
    }

    [Fact]
    public void ResNet18_version_in_props_matches_the_dependency()
    {
        package.EnsurePacked();
        var props = XDocument.Load(Path.Combine(RepoPaths.BuildFolder, "AugBuild.Model.props"));
        var inProps = props.Descendants().Single(e => e.Name.LocalName == "_AugResNet18Version").Value;
        var ns = Nuspec().Root!.Name.Namespace;
        var dependency = Nuspec().Descendants(ns + "dependency").Single(d => d.Attribute("id")!.Value == "Microsoft.ML.DnnImageFeaturizer.ResNet18");
        Assert.Equal($"[{inProps}]", dependency.Attribute("version")!.Value);
    }

    private List<string> Entries()
    {
        using var archive = ZipFile.OpenRead(package.NupkgPath);
        return archive.Entries.Select(e => e.FullName).ToList();
    }

    private XDocument Nuspec()
    {
        using var archive = ZipFile.OpenRead(package.NupkgPath);
        using var stream = archive.GetEntry("AugBuild.nuspec")!.Open();
        return XDocument.Load(stream);
    }
}
