using System.Runtime.CompilerServices;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// Maps items on the thread pool, at most <c>maxDegree</c> at a time, and yields the results in input order,
/// so the output never depends on scheduling and only a window of results is held in memory. The window is
/// twice the degree, so workers keep busy while the consumer writes; <c>maxDegree</c> 1 runs inline.
/// </summary>
internal static class OrderedParallel
{
    public static async IAsyncEnumerable<TOut> MapAsync<TIn, TOut>(
        IEnumerable<TIn> source, Func<TIn, TOut> map, int maxDegree, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegree, 1);
        int windowSize = maxDegree == 1 ? 1 : 2 * maxDegree;
        var window = new Queue<Task<TOut>>(windowSize);
        using var gate = new SemaphoreSlim(maxDegree);
        try
        {
            foreach (var item in source)
            {
                ct.ThrowIfCancellationRequested();
                if (window.Count >= windowSize) yield return await window.Dequeue().ConfigureAwait(false);
                var captured = item;
                window.Enqueue(maxDegree == 1 ? Task.FromResult(map(captured)) : Task.Run(() => Limited(captured), ct));
            }

            while (window.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                yield return await window.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            // Let in-flight work finish before the caller cleans up the files it may touch.
            foreach (var task in window)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The caller is already unwinding from the first failure or the cancellation.
                }
            }
        }

        async Task<TOut> Limited(TIn input)
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return map(input);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
