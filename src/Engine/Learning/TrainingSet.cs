using AugBuild.Engine.Diagnostics;
using AugBuild.Settings;

namespace AugBuild.Engine.Learning;

/// <summary>
/// n labelled feature rows for the probe: features row-major (n x d), labels in 0..K-1, sample weights c_i
/// (1 unless the `downweight` modifier set them). Validated on construction; immutable afterwards.
/// </summary>
public sealed class TrainingSet
{
    private readonly double[] _features;
    private double[]? _augmented;
    private float[]? _augmentedSingle;

    public TrainingSet(double[] features, int dimension, int[] labels, int classCount, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (classCount < 2)
            throw new ArgumentException($"The probe needs at least 2 classes, got {classCount}. Add images of a second class.", nameof(classCount));
        if (dimension < 1 || features.Length != (long)labels.Length * dimension)
            throw new ArgumentException($"{features.Length} feature values do not form {labels.Length} rows of dimension {dimension}.", nameof(features));
        if (weights != null && weights.Length != labels.Length)
            throw new ArgumentException($"{weights.Length} weights for {labels.Length} rows; give one weight per row.", nameof(weights));
        for (int i = 0; i < features.Length; i++)
        {
            if (!double.IsFinite(features[i]))
            {
                throw new AugBuildException(LearningErrors.NonFiniteFeature,
                    $"Row {i / dimension}, feature {i % dimension} is {features[i]}; the featurizer produced a non-finite value. Check the model, or choose another featurizer.", SettingCatalog.Featurizer.Option);
            }
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"Row {i} has label {labels[i]}, outside 0..{classCount - 1}.", nameof(labels));
        }

        if (weights != null)
        {
            for (int i = 0; i < weights.Length; i++)
            {
                if (!(weights[i] >= 0) || double.IsInfinity(weights[i]))
                    throw new ArgumentException($"Row {i} has weight {weights[i]}; weights must be finite and non-negative.", nameof(weights));
            }
        }

        _features = features;
        Dimension = dimension;
        Labels = labels;
        ClassCount = classCount;
        Weights = weights ?? Enumerable.Repeat(1.0, labels.Length).ToArray();
    }

    public int Count => Labels.Length;

    public int Dimension { get; }

    public int ClassCount { get; }

    public int[] Labels { get; }

    public double[] Weights { get; }

    /// <summary>The raw row-major features (n x d).</summary>
    public ReadOnlySpan<double> Features => _features;

    public ReadOnlySpan<double> Row(int i) => _features.AsSpan(i * Dimension, Dimension);

    /// <summary>Rows [x_i, 1] (n x (d+1), row-major): the bias column makes every kernel a plain GEMM. Built once.</summary>
    internal double[] Augmented => LazyInitializer.EnsureInitialized(ref _augmented, BuildAugmented);

    /// <summary>The rows of <see cref="Augmented"/> in single precision, for the many-class Hessian-vector products. Built once.</summary>
    internal float[] AugmentedSingle => LazyInitializer.EnsureInitialized(ref _augmentedSingle, () =>
    {
        var x = Augmented;
        var single = GC.AllocateUninitializedArray<float>(x.Length);
        for (int q = 0; q < x.Length; q++) single[q] = (float)x[q];
        return single;
    });

    /// <summary>The rows at the given indices (labels, weights and class count kept), e.g. a CV fold.</summary>
    public TrainingSet Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var features = new double[rows.Count * Dimension];
        var labels = new int[rows.Count];
        var weights = new double[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            int i = rows[r];
            Row(i).CopyTo(features.AsSpan(r * Dimension, Dimension));
            labels[r] = Labels[i];
            weights[r] = Weights[i];
        }

        return new TrainingSet(features, Dimension, labels, ClassCount, weights);
    }

    /// <summary>Builds a set from per-row float vectors (the featurizer's output).</summary>
    public static TrainingSet FromFloats(IReadOnlyList<float[]> rows, int[] labels, int classCount, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            throw new ArgumentException("No feature rows were given.", nameof(rows));
        int d = rows[0].Length;
        var features = new double[rows.Count * d];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != d)
                throw new ArgumentException($"Row {i} has {rows[i].Length} features, row 0 has {d}; every row needs the same dimension.", nameof(rows));
            for (int j = 0; j < d; j++) features[i * d + j] = rows[i][j];
        }

        return new TrainingSet(features, d, labels, classCount, weights);
    }

    private double[] BuildAugmented()
    {
        int d = Dimension, d1 = d + 1;
        var x = GC.AllocateUninitializedArray<double>(Count * d1);
        for (int i = 0; i < Count; i++)
        {
            _features.AsSpan(i * d, d).CopyTo(x.AsSpan(i * d1, d));
            x[i * d1 + d] = 1.0;
        }

        return x;
    }
}
