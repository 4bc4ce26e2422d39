using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// One <c>run</c> at a time per output folder: an exclusive handle on <c>&lt;out&gt;/.augbuild/run.lock</c>, held for
/// the whole run. A second run fails fast instead of racing on the stamps, scores and dataset; a killed process
/// releases the handle with it, so a crash never leaves the folder locked.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock";

    private readonly FileStream _handle;

    private RunLock(FileStream handle) => _handle = handle;

    public static RunLock Acquire(string outDir)
    {
        var state = Path.Combine(outDir, RunPipeline.StateFolder);
        var path = Path.Combine(state, FileName);
        try
        {
            Directory.CreateDirectory(state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                $"Cannot create the output folder '{outDir}': {e.Message.TrimEnd('.')}. Choose a writable folder (not a file) for --out.", outDir, e);
        }

        FileStream handle;
        try
        {
            handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                $"Cannot write the output folder '{outDir}': {e.Message.TrimEnd('.')}. Choose a writable folder for --out.", outDir, e);
        }
        catch (IOException e)
        {
            throw new AugBuildException(PipelineErrors.OutputFolderBusy,
                $"Another AugBuild run is writing '{outDir}' (it holds '{path}'). Wait for it to finish, or use another --out.", outDir, e);
        }

        var held = new RunLock(handle);
        RemoveStaleTemporaries(outDir, state);
        return held;
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Temporary files of killed runs (<see cref="Tables.AtomicFile"/> and stamp temporaries). Safe only under
    /// the lock: no other run of this folder can be writing them.
    /// </summary>
    private static void RemoveStaleTemporaries(string outDir, string state)
    {
        // In --out only the exact shape AtomicFile writes: a user's own ".notes.tmp" is not ours to delete.
        var stale = Directory.EnumerateFiles(outDir, ".*.tmp").Where(f => Tables.AtomicFile.IsTempName(Path.GetFileName(f)))
            .Concat(Directory.EnumerateFiles(state, "*.tmp"));
        foreach (var file in stale)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Harmless: never read, and removed by a later run.
            }
        }
    }
}
