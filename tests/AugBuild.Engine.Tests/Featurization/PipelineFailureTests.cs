using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Featurization;

public sealed class PipelineFailureTests
{
    /// <summary>Features = the image's first pixel; fails on its Nth batch when asked to.</summary>
    private sealed class FakeFeaturizer(int failOnBatch = -1, int batchSize = 2) : IFeaturizer
    {
        private int _batches;

        public string Name => "fake";

        public string Identity => "fake/v1";

        public int Dimension => 1;

        public int BatchSize => batchSize;

        public string Provider => "none";

        public PreparedImage Prepare(SKBitmap image) =>
            PreparedImage.Create(1, "1", (span, _) => span[0] = image.GetPixel(0, 0).Red);

        public float[][] Infer(IReadOnlyList<PreparedImage> batch)
        {
            if (++_batches == failOnBatch)
                throw new InvalidOperationException("inference exploded");
            return [.. batch.Select(p => new[] { p.Values[0] })];
        }

        public void Dispose()
        {
        }
    }

    private static IReadOnlyList<IImageSource> Sources(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new BitmapImageSource($"i{i}", $"k{i}", () => Bitmaps.Solid(1, 1, (byte)i)))];

    [Fact]
    public async Task AnInferenceFailureEndsTheRunWithItsExceptionInsteadOfHanging()
    {
        using var f = new FakeFeaturizer(failOnBatch: 3);

        var run = Task.Run(() => FeatureExtractor.RunAsync(Sources(200), f, null, NullReporter.Instance, decodeWorkers: 3));

        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.Same(run, finished);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal("inference exploded", e.Message);
    }

    [Fact]
    public async Task CancellationStopsTheRun()
    {
        using var f = new FakeFeaturizer();
        using var cts = new CancellationTokenSource();
        var loads = 0;
        var sources = Enumerable.Range(0, 500).Select(i => (IImageSource)new BitmapImageSource($"i{i}", $"k{i}", () =>
        {
            if (Interlocked.Increment(ref loads) == 50)
                cts.Cancel();
            return Bitmaps.Solid(1, 1, 1);
        })).ToList();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FeatureExtractor.RunAsync(sources, f, null, NullReporter.Instance, 2, cts.Token));
        Assert.InRange(loads, 50, 100);
    }

    [Fact]
    public void AThrowingInMemorySourceIsAFailureWithItsName()
    {
        using var f = new FakeFeaturizer();
        IImageSource[] sources =
        [
            new BitmapImageSource("good", "k0", () => Bitmaps.Solid(1, 1, 7)),
            new BitmapImageSource("a.png#rotate(15)", "k1", () => throw new InvalidOperationException("transform failed")),
        ];

        var r = FeatureExtractor.Run(sources, f, null, NullReporter.Instance);

        Assert.Equal([7f], r.Features[0]!);
        var failure = Assert.Single(r.Failures);
        Assert.Equal(1, failure.Index);
        Assert.Contains("a.png#rotate(15)", failure.Reason);
        Assert.Contains("transform failed", failure.Reason);
    }
}
