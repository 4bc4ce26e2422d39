namespace AugBuild.Tasks;

/// <summary>
/// A task that runs while packing src/Package (never in a consumer's build): it reads files that building src/Cli
/// leaves behind, so it first checks that they exist and names every missing one in a single error.
/// </summary>
public abstract class PackingTask : Microsoft.Build.Utilities.Task
{
    public sealed override bool Execute()
    {
        var missing = InputFiles().Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            Log.LogError($"{GetType().Name}: {string.Join(", ", missing)} not found; restore src/Cli first.");
            return false;
        }

        Run();
        return !Log.HasLoggedErrors;
    }

    /// <summary>The files <see cref="Run"/> reads.</summary>
    protected abstract IEnumerable<string> InputFiles();

    /// <summary>The task's work, once its inputs are there; it logs its errors, which fail the task.</summary>
    protected abstract void Run();
}
