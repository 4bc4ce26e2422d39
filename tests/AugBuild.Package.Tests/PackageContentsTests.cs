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
        Assert.Equal(["tasks/net10.0/AugBuild.Tasks.dll", "tools/AugBuild.Engine.dll", "tools/augbuild.dll"], dlls);
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
        foreach (var heavy in new[] { "Microsoft.ML.OnnxRuntime.Gpu", "SkiaSharp", "SkiaSharp.NativeAssets.Linux.NoDependencies", "SkiaSharp.NativeAssets.Win32", "Parquet.Net", "Microsoft.ML.DnnImageFeaturizer.ResNet18" })
        {
            Assert.Contains(heavy, ids);
        }

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
