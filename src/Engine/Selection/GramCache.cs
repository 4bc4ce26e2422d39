using System.Numerics.Tensors;

namespace AugBuild.Engine.Selection;

/// <summary>
/// Rows of the linear Gram matrix K_ij = x_i . x_j over all n points, computed on demand and kept in an LRU cache
/// bounded in bytes. SMO touches two rows per step and revisits the same ones, and cross-validation reuses the
/// global rows for every fold, C and class; at n = 1000 the whole matrix (8 MB) stays cached.
/// </summary>
internal sealed class GramCache
{
    private readonly double[] _features;
    private readonly int _dimension;
    private readonly double[]?[] _rows;
    private readonly LinkedList<int> _lru = new();
    private readonly LinkedListNode<int>?[] _nodes;
    private readonly int _capacity;

    public GramCache(double[] features, int dimension, long byteBudget = 256L << 20)
    {
        _features = features;
        _dimension = dimension;
        Count = dimension == 0 ? 0 : features.Length / dimension;
        _rows = new double[Count][];
        _nodes = new LinkedListNode<int>[Count];
        _capacity = (int)Math.Clamp(byteBudget / (8L * Math.Max(1, Count)), 2, Math.Max(2, Count));
        Diagonal = new double[Count];
        for (var i = 0; i < Count; i++)
            Diagonal[i] = TensorPrimitives.Dot(Point(i), Point(i));
    }

    public int Count { get; }

    public int Dimension => _dimension;

    /// <summary>K_ii = ||x_i||^2.</summary>
    public double[] Diagonal { get; }

    public ReadOnlySpan<double> Point(int i) => _features.AsSpan(i * _dimension, _dimension);

    /// <summary>Row i of K over all n points. The array stays valid after eviction (evicted rows are not reused).</summary>
    public double[] Row(int i)
    {
        if (_rows[i] is { } cached)
        {
            _lru.Remove(_nodes[i]!);
            _lru.AddFirst(_nodes[i]!);
            return cached;
        }

        if (_lru.Count >= _capacity)
        {
            var victim = _lru.Last!.Value;
            _lru.RemoveLast();
            _rows[victim] = null;
            _nodes[victim] = null;
        }

        var row = new double[Count];
        var xi = Point(i);
        for (var j = 0; j < Count; j++)
            row[j] = TensorPrimitives.Dot(xi, Point(j));
        _rows[i] = row;
        _nodes[i] = _lru.AddFirst(i);
        return row;
    }
}
