using System.Reflection;

namespace AugBuild.Package.Tests.Infrastructure;

/// <summary>Locations inside this repository; tests read nothing outside it except the NuGet packages folder.</summary>
internal static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    public static string PackageProject => Path.Combine(Root, "src", "Package", "AugBuild.Package.csproj");

    public static string SampleImages => Path.Combine(Root, "samples", "ImageProject", "data");

    public static string BuildFolder => Path.Combine(Root, "build");

    /// <summary>The configuration this test assembly was built in; packing uses the same build outputs.</summary>
    public static string Configuration =>
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

}
