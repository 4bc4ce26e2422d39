using System.Globalization;

namespace AugBuild.Package.Tests.Infrastructure;

/// <summary>
/// Packs AugBuild once per test run, with a version no earlier run used (NuGet never re-extracts a version it
/// already holds), into a temporary feed; consumers restore into one isolated packages folder.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    public PackedPackage()
    {
        Root = Path.Combine(Path.GetTempPath(), "augbuild-package-tests", DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        PackagesFolder = Path.Combine(Root, "packages");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(PackagesFolder);
        // Stops MSBuild's upward search for Directory.Build.* and Directory.Packages.props at the temp root.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        Pack = Dotnet.Run(RepoPaths.Root,
        [
            "pack", RepoPaths.PackageProject, "-c", RepoPaths.Configuration, "--no-build", "-nr:false",
            "-p:PackageVersion=" + Version, "-o", Feed,
        ]);
        NupkgPath = Path.Combine(Feed, $"AugBuild.{Version}.nupkg");
    }

    public string Root { get; }
    public string Feed { get; }

    /// <summary>The isolated NUGET_PACKAGES of this run: proves the package's dependencies restore from scratch.</summary>
    public string PackagesFolder { get; }

    public string Version { get; }
    public ProcessResult Pack { get; }
    public string NupkgPath { get; }

    /// <summary>The machine's usual packages folder, used as a read-only local source so heavy packages are copied, not downloaded.</summary>
    public static string UserPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public void EnsurePacked() => Assert.True(Pack.ExitCode == 0 && File.Exists(NupkgPath), "dotnet pack failed:\n" + Pack);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; a failed test run should not also fail on cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "packed AugBuild package";
}
