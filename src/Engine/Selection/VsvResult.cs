namespace AugBuild.Engine.Selection;

/// <summary>What the vsv policy found: the SVM's support vectors and the ordering built from them.</summary>
public sealed class VsvResult
{
    /// <summary>Point indices: support vectors first, then the rest; each group by margin ascending, ties by index.</summary>
    public required int[] Order { get; init; }

    public required bool[] IsSupportVector { get; init; }

    /// <summary>Smallest functional margin y f(x) of each point over the machines (below 1 inside the margin).</summary>
    public required double[] Margin { get; init; }

    public required int SupportVectorCount { get; init; }

    /// <summary>The C the final SVM used.</summary>
    public required double C { get; init; }

    /// <summary>Mean fold accuracy for each C of the grid, in grid order; empty when C was fixed.</summary>
    public required IReadOnlyList<double> CvAccuracy { get; init; }

    /// <summary>The final machines (one for K = 2, K for one-vs-rest).</summary>
    public required IReadOnlyList<SvmSolution> Machines { get; init; }
}
