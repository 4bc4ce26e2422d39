using System.Numerics.Tensors;

namespace AugBuild.Engine.Selection;

/// <summary>
/// A trained binary linear SVM, f(x) = w . x + b, with the dual solution it came from.
/// Support vectors are the training points with alpha &gt; 0.
/// </summary>
public sealed class SvmSolution
{
    /// <summary>Dual coefficients, one per training point (in the order the points were given), each in [0, C].</summary>
    public required double[] Alpha { get; init; }

    /// <summary>w = sum_i alpha_i y_i x_i.</summary>
    public required double[] Weights { get; init; }

    /// <summary>The unregularised bias b.</summary>
    public required double Bias { get; init; }

    public required double C { get; init; }

    public required int Iterations { get; init; }

    /// <summary>True when the maximal KKT violation fell below the tolerance.</summary>
    public required bool Converged { get; init; }

    /// <summary>The maximal KKT violation at exit, in margin units (m(alpha) - M(alpha) of Keerthi et al.).</summary>
    public required double KktViolation { get; init; }

    public double Decision(ReadOnlySpan<double> x) => TensorPrimitives.Dot(Weights, x) + Bias;

    public bool IsSupportVector(int k) => Alpha[k] > 0;

    public int SupportVectorCount => Alpha.Count(a => a > 0);
}
