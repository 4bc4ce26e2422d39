using System.Text.Json;

namespace AugBuild.Tasks;

/// <summary>A NuGet package the worker's deps.json names, e.g. Microsoft.ML.OnnxRuntime.Gpu 1.31.0 at microsoft.ml.onnxruntime.gpu/1.31.0.</summary>
internal sealed record WorkerPackage(string Id, string Version, string RelativePath);

/// <summary>
/// The package ships only the worker's own assemblies; the host loads the rest from the NuGet packages folder
/// (--additionalprobingpath) at the paths its deps.json names. A missing folder there would surface as an
/// obscure host error mid-build, so it is checked first and reported with the package's name.
/// </summary>
internal static class WorkerDependencies
{
    public static string DepsFileOf(string workerPath) => Path.ChangeExtension(workerPath, ".deps.json");

    public static List<WorkerPackage> Read(string depsFile)
    {
        using var stream = File.OpenRead(depsFile);
        using var document = JsonDocument.Parse(stream);
        var packages = new List<WorkerPackage>();
        if (!document.RootElement.TryGetProperty("libraries", out var libraries))
        {
            return packages;
        }

        foreach (var library in libraries.EnumerateObject())
        {
            if (!library.Value.TryGetProperty("type", out var type) || type.GetString() != "package")
            {
                continue;
            }

            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            var id = slash > 0 ? library.Name[..slash] : library.Name;
            var version = slash > 0 ? library.Name[(slash + 1)..] : "";
            var path = library.Value.TryGetProperty("path", out var p) && p.GetString() is { Length: > 0 } s
                ? s
                : $"{id.ToLowerInvariant()}/{version.ToLowerInvariant()}";
            packages.Add(new WorkerPackage(id, version, path));
        }

        return packages;
    }

    /// <summary>The packages found in none of <paramref name="packageFolders"/>.</summary>
    public static List<WorkerPackage> Missing(IEnumerable<WorkerPackage> packages, IReadOnlyList<string> packageFolders) =>
        packages.Where(p => !packageFolders.Any(root => Directory.Exists(Path.Combine(root, p.RelativePath)))).ToList();
}
