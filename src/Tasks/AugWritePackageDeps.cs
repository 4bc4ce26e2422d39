using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AugBuild.Tasks;

/// <summary>
/// Packing: rewrites the worker's deps.json so the host loads each operating system's native libraries from a
/// small per-RID package (AugBuild.Runtime.&lt;rid&gt;) instead of the upstream packages, which carry every platform
/// (and the CUDA provider) and would put 1.8 GB in a Linux packages folder. Libraries in <see cref="Remove"/> are
/// dropped; those in <see cref="AppLocal"/> become files of the worker itself (SkiaSharp's managed assembly, whose
/// package would pull in the Windows and macOS natives).
/// </summary>
public sealed class AugWritePackageDeps : PackingTask
{
    [Required] public string DepsFile { get; set; } = "";

    [Required] public string OutputFile { get; set; } = "";

    /// <summary>Package ids whose libraries are removed (their natives come from the runtime packages).</summary>
    public ITaskItem[] Remove { get; set; } = [];

    /// <summary>Package ids whose managed assemblies ship in tools/; metadata PackageFolder: the package's restored folder.</summary>
    public ITaskItem[] AppLocal { get; set; } = [];

    /// <summary>Runtime packages: Identity = id, metadata Version, Rid, Sha512 and Files (asset paths, ';'-separated).</summary>
    public ITaskItem[] RuntimePackages { get; set; } = [];

    /// <summary>The app-local assemblies to copy next to the worker (full paths).</summary>
    [Output] public ITaskItem[] AppLocalFiles { get; set; } = [];

    protected override IEnumerable<string> InputFiles() => [DepsFile];

    protected override void Run()
    {
        var root = JsonNode.Parse(File.ReadAllText(DepsFile))!.AsObject();
        var libraries = root["libraries"]!.AsObject();
        var target = root["targets"]!.AsObject().First().Value!.AsObject();
        var appName = Path.GetFileName(DepsFile)[..^".deps.json".Length];
        var app = target[LibraryKey(target, appName)]!.AsObject();
        var removed = new HashSet<string>(Remove.Select(r => r.ItemSpec).Concat(AppLocal.Select(a => a.ItemSpec)), StringComparer.OrdinalIgnoreCase);

        var copies = new List<ITaskItem>();
        foreach (var local in AppLocal)
        {
            var key = LibraryKey(target, local.ItemSpec);
            foreach (var (asset, version) in target[key]!["runtime"]!.AsObject())
            {
                var name = Path.GetFileName(asset);
                (app["runtime"] ??= new JsonObject())[name] = version!.DeepClone();
                copies.Add(new TaskItem(Path.Combine(local.GetMetadata("PackageFolder"), asset)));
            }
        }

        foreach (var key in target.Select(t => t.Key).Where(k => removed.Contains(IdOf(k))).ToList())
        {
            target.Remove(key);
            libraries.Remove(key);
        }

        foreach (var entry in target)
        {
            if (entry.Value?["dependencies"] is JsonObject dependencies)
            {
                foreach (var id in dependencies.Select(d => d.Key).Where(removed.Contains).ToList())
                {
                    dependencies.Remove(id);
                }
            }
        }

        foreach (var runtime in RuntimePackages)
        {
            var version = runtime.GetMetadata("Version");
            var key = $"{runtime.ItemSpec}/{version}";
            var assets = new JsonObject();
            foreach (var file in runtime.GetMetadata("Files").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                assets[file] = new JsonObject { ["rid"] = runtime.GetMetadata("Rid"), ["assetType"] = "native", ["fileVersion"] = "0.0.0.0" };
            target[key] = new JsonObject { ["runtimeTargets"] = assets };
            var lower = runtime.ItemSpec.ToLowerInvariant();
            libraries[key] = new JsonObject
            {
                ["type"] = "package",
                ["serviceable"] = false,
                ["sha512"] = "sha512-" + runtime.GetMetadata("Sha512"),
                ["path"] = $"{lower}/{version.ToLowerInvariant()}",
                ["hashPath"] = $"{lower}.{version.ToLowerInvariant()}.nupkg.sha512",
            };
            (app["dependencies"] ??= new JsonObject())[runtime.ItemSpec] = version;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        File.WriteAllText(OutputFile, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        AppLocalFiles = copies.ToArray();
    }

    private static string IdOf(string key) => key.Split('/')[0];

    private static string LibraryKey(JsonObject target, string id) =>
        target.Select(t => t.Key).Single(k => string.Equals(IdOf(k), id, StringComparison.OrdinalIgnoreCase));
}
