using AugBuild.Package.Tests.Infrastructure;

namespace AugBuild.Package.Tests;

/// <summary>
/// The package's tools/ folder holds only the worker's own assemblies: the host must find ONNX Runtime,
/// SkiaSharp, Parquet.Net and the rest in the packages folder through --additionalprobingpath.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class WorkerProbingTests(PackedPackage package)
{
    [Fact]
    public void Packed_worker_starts_from_the_packages_folder()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "probe", 1);
        Assert.Equal(0, Dotnet.Run(project.Directory, ["restore", project.ProjectFile], project.Environment()).ExitCode);
        var worker = Path.Combine(package.PackagesFolder, "augbuild", package.Version.ToLowerInvariant(), "tools", "augbuild.dll");

        var help = Dotnet.Run(project.Directory, ["exec", "--additionalprobingpath", package.PackagesFolder, worker, "run", "--help"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--budget", help.Output, StringComparison.Ordinal);

        var without = Dotnet.Run(project.Directory, ["exec", worker, "run", "--help"]);
        Assert.NotEqual(0, without.ExitCode);
    }
}
