using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Featurization;

/// <summary>Counts finished images from many threads and reports about every percent, serialised.</summary>
internal sealed class ProgressCounter(IReporter reporter, string stage, int total)
{
    private readonly object _gate = new();
    private readonly int _step = Math.Max(1, total / 100);
    private int _done;
    private int _reported;

    public void Add(int count)
    {
        lock (_gate)
        {
            _done += count;
            if (_done - _reported < _step && _done != total)
                return;
            _reported = _done;
            reporter.Progress(stage, _done, total);
        }
    }
}
