using SkiaSharp;

namespace AugBuild.Engine.Imaging;

/// <summary>
/// Bounds the memory of the images being decoded at once in the process. Every decoder thread reserves what its
/// image will need (from the header: width x height x 4 bytes x <see cref="WorkingCopies"/>) before it decodes,
/// and waits while others hold the budget; an image larger than the whole budget runs alone. So sixteen 100-megapixel
/// PNGs decode one or two at a time instead of all at once, whatever the number of cores.
/// </summary>
public sealed class DecodeBudget
{
    /// <summary>The decoded bitmap, its normalised RGBA copy and one resized or transformed output.</summary>
    public const int WorkingCopies = 3;

    private readonly object _gate = new();
    private long _inUse;
    private long _peak;

    public DecodeBudget(long totalBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalBytes, 1);
        Total = totalBytes;
    }

    /// <summary>A quarter of the memory available to the process, between 512 MB and 8 GB.</summary>
    public static DecodeBudget Shared { get; } = new(Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, 512L << 20, 8L << 30));

    public long Total { get; }

    /// <summary>The most bytes reserved at once so far.</summary>
    public long Peak
    {
        get { lock (_gate) return _peak; }
    }

    /// <summary>What decoding an image of this size needs.</summary>
    public static long BytesFor(SKSizeI size) => (long)size.Width * size.Height * 4 * WorkingCopies;

    /// <summary>
    /// Bytes per full-size pixel a downscaled decode may still hold whatever its output size: a progressive JPEG's
    /// DCT coefficients (2 bytes per sample, up to 3 samples per pixel); a lossless WebP's ARGB rows (4) are less.
    /// A baseline JPEG needs none of it, but the header does not say which kind it is.
    /// </summary>
    public const int ReducedDecodeBytesPerFullPixel = 6;

    /// <summary>What decoding as planned needs: the decoded size's working copies, plus the codec's full-size state when reduced.</summary>
    public static long BytesFor(DecodePlan plan) =>
        BytesFor(plan.Decoded) + (plan.Reduced ? (long)plan.Full.Width * plan.Full.Height * ReducedDecodeBytesPerFullPixel : 0);

    /// <summary>What decoding this encoded image needs (0 when its header cannot be read: the decode then fails fast).</summary>
    public static long BytesFor(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
            return 0;
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        return codec is null ? 0 : BytesFor(new SKSizeI(codec.Info.Width, codec.Info.Height));
    }

    /// <summary>Blocks until <paramref name="bytes"/> (at most the whole budget) are free; dispose to give them back.</summary>
    public IDisposable Reserve(long bytes, CancellationToken cancellationToken = default)
    {
        var amount = Math.Clamp(bytes, 0, Total);
        if (amount == 0)
            return new Reservation(this, 0);
        lock (_gate)
        {
            while (_inUse + amount > Total)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(200));
            }

            _inUse += amount;
            _peak = Math.Max(_peak, _inUse);
        }

        return new Reservation(this, amount);
    }

    private void Release(long amount)
    {
        if (amount == 0)
            return;
        lock (_gate)
        {
            _inUse -= amount;
            Monitor.PulseAll(_gate);
        }
    }

    private sealed class Reservation(DecodeBudget budget, long amount) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                budget.Release(amount);
        }
    }
}
