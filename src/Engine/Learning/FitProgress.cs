using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>
/// Progress of one fit in decades of gradient reduction: done = log10(||g_0|| / ||g||), total = log10(1 / tolerance)
/// (8 at the default 1e-8), so the reporter's rate and time left mean something although the number of Newton
/// steps is not known in advance. Silent when the stage is null (the inner fits of cross-validation).
/// </summary>
internal sealed class FitProgress(IReporter reporter, string? stage, double reference, double threshold)
{
    private readonly long _total = Math.Max(1, (long)Math.Ceiling(Math.Log10(reference / threshold) - 1e-9));

    public void Report(double norm)
    {
        if (stage is null) return;
        long done = Math.Clamp((long)Math.Floor(Math.Log10(reference / norm)), 0, _total - 1);
        reporter.Progress(stage, done, _total, ProgressUnits.Decades);
    }

    public void Finish(int iterations)
    {
        if (stage is null || iterations == 0) return;
        reporter.Progress(stage, _total, _total, ProgressUnits.Decades);
    }
}
