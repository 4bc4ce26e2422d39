using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// Runs a stage of <see cref="RunPipeline"/> unless its stamp (in the state folder) and its output are current.
/// The old stamp goes before the stage starts and the new one is written only once the stage has finished, so an
/// interrupted stage never leaves a stamp vouching for a half-replaced output.
/// </summary>
internal sealed class StageRunner(string stateFolder, IReporter reporter)
{
    private readonly List<string> _ran = [];

    /// <summary>The stages that ran (were not reused), in order.</summary>
    public IReadOnlyList<string> Ran => _ran;

    public async Task RunAsync(string name, StageStamp stamp, string output, string reusedMessage, Func<Task> run)
    {
        var stampFile = Path.Combine(stateFolder, name + ".stamp");
        if (stamp.IsCurrent(stampFile, output))
        {
            reporter.Info(reusedMessage);
            return;
        }

        StageStamp.Invalidate(stampFile);
        await run().ConfigureAwait(false);
        stamp.Save(stampFile);
        _ran.Add(name);
    }
}
