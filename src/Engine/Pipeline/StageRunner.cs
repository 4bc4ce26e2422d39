using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// Runs a stage of <see cref="RunPipeline"/> unless its stamp (in the state folder) is current: same inputs, and
/// every file the stage wrote still has the size and hash it had. The old stamp goes before the stage starts and
/// the new one is written only once the stage has finished, so an interrupted stage never leaves a stamp vouching
/// for a half-replaced output.
/// </summary>
internal sealed class StageRunner(string outDir, string stateFolder, IReporter reporter)
{
    private readonly List<string> _ran = [];

    /// <summary>The stages that ran (were not reused), in order.</summary>
    public IReadOnlyList<string> Ran => _ran;

    /// <param name="required">Outputs that must be among those the stamp vouches for.</param>
    /// <param name="run">Runs the stage and returns every file it wrote.</param>
    public async Task RunAsync(string name, StageStamp stamp, string required, string reusedMessage, Func<Task<IReadOnlyList<string>>> run)
    {
        var stampFile = Path.Combine(stateFolder, name + ".stamp");
        if (stamp.IsCurrent(stampFile, outDir, required))
        {
            reporter.Info(reusedMessage);
            return;
        }

        StageStamp.Invalidate(stampFile);
        var outputs = await run().ConfigureAwait(false);
        stamp.Save(stampFile, outDir, outputs.Append(required));
        _ran.Add(name);
    }
}
