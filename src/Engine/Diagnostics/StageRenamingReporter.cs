namespace AugBuild.Engine.Diagnostics;

/// <summary>
/// Forwards everything, but reports progress under another stage name: a component reused for a second kind of
/// work (featurizing augmented copies after the originals) then gets its own progress line and rate.
/// </summary>
public sealed class StageRenamingReporter(IReporter inner, string stage) : IReporter
{
    public void Info(string message) => inner.Info(message);

    public void Warning(string code, string message, string? file = null) => inner.Warning(code, message, file);

    public void Progress(string ignoredStage, long done, long total, string unit = ProgressUnits.Images) =>
        inner.Progress(stage, done, total, unit);
}
