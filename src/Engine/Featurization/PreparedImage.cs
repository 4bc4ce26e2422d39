using System.Buffers;

namespace AugBuild.Engine.Featurization;

/// <summary>A model input for one image, in a pooled buffer returned on <see cref="Dispose"/>.</summary>
public sealed class PreparedImage : IDisposable
{
    private float[]? _buffer;

    private PreparedImage(float[] buffer, int length, string shape)
    {
        _buffer = buffer;
        Length = length;
        Shape = shape;
    }

    public int Length { get; }

    /// <summary>Human-readable input shape, e.g. "3x224x224", used in error messages.</summary>
    public string Shape { get; }

    public ReadOnlySpan<float> Values => (_buffer ?? throw new ObjectDisposedException(nameof(PreparedImage))).AsSpan(0, Length);

    /// <summary>Rents a buffer of <paramref name="length"/> floats; <paramref name="fill"/> writes all of them.</summary>
    public static PreparedImage Create(int length, string shape, SpanAction<float, int> fill)
    {
        var buffer = ArrayPool<float>.Shared.Rent(length);
        try
        {
            fill(buffer.AsSpan(0, length), length);
            return new PreparedImage(buffer, length, shape);
        }
        catch
        {
            ArrayPool<float>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
            ArrayPool<float>.Shared.Return(buffer);
    }
}
