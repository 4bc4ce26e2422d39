using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>
/// A fitted softmax-regression probe. Class 0 is the reference (w_0 = 0, b_0 = 0). <see cref="Parameters"/>
/// holds (K-1)(d+1) values: class c = 1..K-1 owns the block starting at (c-1)(d+1), laid out as
/// [w_c[0], ..., w_c[d-1], b_c]. This is theta in method.md with the classes as the slow index, i.e. the
/// Kronecker order of (p - e_y) (x) [x; 1].
/// </summary>
public sealed class SoftmaxModel
{
    public SoftmaxModel(int classCount, int dimension, double c, double[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        SoftmaxRegression.ValidateC(c);
        if (parameters.Length != (classCount - 1) * (dimension + 1))
        {
            throw new ArgumentException($"A model with {classCount} classes and dimension {dimension} needs {(classCount - 1) * (dimension + 1)} parameters, got {parameters.Length}.",
                nameof(parameters));
        }

        ClassCount = classCount;
        Dimension = dimension;
        C = c;
        Parameters = parameters;
    }

    public int ClassCount { get; }

    public int Dimension { get; }

    /// <summary>Inverse regularisation strength; lambda = 1/C.</summary>
    public double C { get; }

    public double[] Parameters { get; }

    /// <summary>Newton iterations the fit took (0 for a model built from given parameters).</summary>
    public int Iterations { get; init; }

    /// <summary>Hessians the fit built and factored (at most <see cref="Iterations"/>).</summary>
    public int Factorizations { get; init; }

    /// <summary>Hessian-vector products the fit's conjugate-gradient steps used.</summary>
    public int HessianVectorProducts { get; init; }

    /// <summary>Euclidean norm of the objective's gradient at these parameters, as the fit last measured it.</summary>
    public double GradientNorm { get; init; }

    /// <summary>Class probabilities p_0..p_{K-1} of one feature row.</summary>
    public double[] Probabilities(ReadOnlySpan<double> x)
    {
        CheckDimension(x.Length);
        var z = new double[ClassCount];
        int d1 = Dimension + 1;
        for (int c = 1; c < ClassCount; c++)
        {
            var w = Parameters.AsSpan((c - 1) * d1, Dimension);
            z[c] = System.Numerics.Tensors.TensorPrimitives.Dot(w, x) + Parameters[(c - 1) * d1 + Dimension];
        }

        SoftmaxObjective.SoftmaxInPlace(z);
        return z;
    }

    /// <summary>The most probable class (lowest index on ties).</summary>
    public int Predict(ReadOnlySpan<double> x)
    {
        var p = Probabilities(x);
        int best = 0;
        for (int c = 1; c < p.Length; c++)
        {
            if (p[c] > p[best]) best = c;
        }

        return best;
    }

    /// <summary>Predicted class of every row (batched through the GEMM kernel).</summary>
    public int[] Predict(TrainingSet data)
    {
        CheckCompatible(data);
        var z = SoftmaxObjective.Logits(Parameters, data);
        int k1 = ClassCount - 1;
        var result = new int[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            int best = 0;
            double bestZ = 0; // class 0's logit
            for (int c = 1; c <= k1; c++)
            {
                if (z[i * k1 + c - 1] > bestZ)
                {
                    bestZ = z[i * k1 + c - 1];
                    best = c;
                }
            }

            result[i] = best;
        }

        return result;
    }

    /// <summary>Fraction of rows predicted correctly (every row counts once, whatever its weight).</summary>
    public double Accuracy(TrainingSet data)
    {
        var predicted = Predict(data);
        if (predicted.Length == 0) return 0;
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            if (predicted[i] == data.Labels[i]) correct++;
        }

        return (double)correct / predicted.Length;
    }

    /// <summary>Sum of weights of correctly predicted rows over the sum of all weights.</summary>
    public double WeightedAccuracy(TrainingSet data)
    {
        var predicted = Predict(data);
        double correct = 0, total = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            total += data.Weights[i];
            if (predicted[i] == data.Labels[i]) correct += data.Weights[i];
        }

        return total > 0 ? correct / total : 0;
    }

    internal void CheckCompatible(TrainingSet data)
    {
        if (data.Dimension != Dimension || data.ClassCount != ClassCount)
        {
            throw new ArgumentException($"The model has dimension {Dimension} and {ClassCount} classes; the data has dimension {data.Dimension} and {data.ClassCount} classes. Featurize both with the same model and class list.",
                nameof(data));
        }
    }

    private void CheckDimension(int length)
    {
        if (length != Dimension)
            throw new ArgumentException($"A feature row has {length} values; the model expects {Dimension}.", nameof(length));
    }
}
