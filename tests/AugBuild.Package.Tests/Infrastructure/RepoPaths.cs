using System.Reflection;

namespace AugBuild.Package.Tests.Infrastructure;

/// <summary>Locations inside this repository; tests read nothing outside it except the NuGet packages folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string PackageProject => Path.Combine(Root, "src", "Package", "AugBuild.Package.csproj");

    public static string SampleImages => Path.Combine(Root, "samples", "ImageProject", "data");

    public static string BuildFolder => Path.Combine(Root, "build");

    /// <summary>The configuration this test assembly was built in; packing uses the same build outputs.</summary>
    public static string Configuration =>
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AugBuild.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AugBuild.sln not found above {AppContext.BaseDirectory}.");
    }
}
