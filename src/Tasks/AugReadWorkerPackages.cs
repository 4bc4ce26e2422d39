using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AugBuild.Tasks;

/// <summary>
/// Lists the NuGet packages a worker's deps.json names (items with Version and Path metadata). Packing uses it to
/// declare exactly those packages, at exactly those versions, as dependencies of the AugBuild package.
/// </summary>
public sealed class AugReadWorkerPackages : Microsoft.Build.Utilities.Task
{
    [Required] public string WorkerPath { get; set; } = "";

    [Output] public ITaskItem[] Packages { get; set; } = [];

    public override bool Execute()
    {
        var deps = WorkerDependencies.DepsFileOf(WorkerPath);
        if (!File.Exists(deps))
        {
            Log.LogError(null, AugErrors.WorkerDepsUnreadable, null, deps, 0, 0, 0, 0,
                $"The worker's dependency list '{deps}' does not exist. Build src/Cli first.");
            return false;
        }

        Packages = WorkerDependencies.Read(deps)
            .Select(p => (ITaskItem)new TaskItem(p.Id, new Dictionary<string, string> { ["Version"] = p.Version, ["Path"] = p.RelativePath }))
            .ToArray();
        return true;
    }
}
