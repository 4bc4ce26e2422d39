using System.Runtime.CompilerServices;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// Maps items on the thread pool, at most <c>maxDegree</c> at a time, and yields the results in input order,
/// so the output never depends on scheduling and only a window of results is held in memory.
/// </summary>
internal static class OrderedParallel
{
    public static async IAsyncEnumerable<TOut> MapAsync<TIn, TOut>(
        IEnumerable<TIn> source, Func<TIn, TOut> map, int maxDegree, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegree, 1);
        var window = new Queue<Task<TOut>>(maxDegree);
        try
        {
            foreach (var item in source)
            {
                ct.ThrowIfCancellationRequested();
                if (window.Count >= maxDegree) yield return await window.Dequeue().ConfigureAwait(false);
                var captured = item;
                window.Enqueue(maxDegree == 1 ? Task.FromResult(map(captured)) : Task.Run(() => map(captured), ct));
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
    }
}
