namespace AugBuild.Engine.Imaging;

/// <summary>
/// One axis of an antialiased bilinear (triangle filter) resampling, as PIL's <c>Image.resize(BILINEAR)</c> defines it:
/// output pixel i has centre (i + 0.5) * scale in input coordinates; the triangle's support widens with the scale
/// when shrinking so every input pixel contributes (no aliasing); taps outside the image are dropped and the
/// remaining weights renormalised. Equal sizes give the identity exactly.
/// </summary>
internal sealed class ResampleKernel
{
    private ResampleKernel(int[] start, int[] count, float[] weights, int taps)
    {
        Start = start;
        Count = count;
        Weights = weights;
        Taps = taps;
    }

    /// <summary>First input index of each output index.</summary>
    public int[] Start { get; }

    /// <summary>Number of taps of each output index.</summary>
    public int[] Count { get; }

    /// <summary>Weights, <see cref="Taps"/> per output index (the first Count[i] are used).</summary>
    public float[] Weights { get; }

    public int Taps { get; }

    public static ResampleKernel Create(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = filterScale; // the triangle's support is 1 at scale 1
        var taps = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new float[outSize * taps];
        var w = new double[taps];
        for (var i = 0; i < outSize; i++)
        {
            var centre = (i + 0.5) * scale;
            var lo = Math.Max((int)(centre - support + 0.5), 0);
            var hi = Math.Min((int)(centre + support + 0.5), inSize);
            var n = Math.Min(hi - lo, taps);
            double sum = 0;
            for (var k = 0; k < n; k++)
            {
                var x = Math.Abs((k + lo - centre + 0.5) / filterScale);
                w[k] = x < 1 ? 1 - x : 0;
                sum += w[k];
            }

            start[i] = lo;
            count[i] = n;
            for (var k = 0; k < n; k++)
                weights[i * taps + k] = (float)(sum > 0 ? w[k] / sum : 0);
        }

        return new ResampleKernel(start, count, weights, taps);
    }
}
