using AugBuild.Engine.Materialization;

namespace AugBuild.Engine.Tests.Materialization;

public class OrderedParallelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Yields_in_input_order_and_never_runs_more_than_the_degree(int degree)
    {
        int running = 0, peak = 0;
        var results = new List<int>();
        await foreach (var r in OrderedParallel.MapAsync(Enumerable.Range(0, 40), i =>
                       {
                           int now = Interlocked.Increment(ref running);
                           InterlockedMax(ref peak, now);
                           Thread.Sleep((i * 7) % 5); // later items often finish first
                           Interlocked.Decrement(ref running);
                           return i * i;
                       }, degree))
        {
            results.Add(r);
        }

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * i), results);
        Assert.InRange(peak, 1, degree);
    }

    [Fact]
    public async Task A_failure_surfaces_in_order()
    {
        var seen = new List<int>();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var r in OrderedParallel.MapAsync(Enumerable.Range(0, 20), i => i == 5 ? throw new InvalidOperationException("5") : i, 4))
                seen.Add(r);
        });
        Assert.Equal("5", ex.Message);
        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
