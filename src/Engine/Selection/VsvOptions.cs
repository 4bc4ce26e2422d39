namespace AugBuild.Engine.Selection;

/// <summary>Settings of the vsv policy's SVM (method.md: C by 4-fold CV over {0.01, 0.1, 1, 10, 100}).</summary>
public sealed record VsvOptions
{
    public static IReadOnlyList<double> DefaultCGrid { get; } = [0.01, 0.1, 1, 10, 100];

    /// <summary>Candidate values of C, tried in this order; ties in CV accuracy go to the earliest.</summary>
    public IReadOnlyList<double> CGrid { get; init; } = DefaultCGrid;

    public int Folds { get; init; } = 4;

    /// <summary>A fixed C: skips cross-validation.</summary>
    public double? C { get; init; }

    /// <summary>Solver tolerance of the final SVM, whose support vectors are the selection.</summary>
    public double Tolerance { get; init; } = LinearSvm.DefaultTolerance;

    /// <summary>
    /// Solver tolerance of the cross-validation fits, which only need their held-out predictions: LIBSVM's and
    /// scikit-learn's default 1e-3 (in margin units) rather than the final fit's 1e-8, several times fewer iterations.
    /// </summary>
    public double CvTolerance { get; init; } = 1e-3;

    /// <summary>Solver iteration cap per machine; null = max(1e6, 100 n).</summary>
    public long? MaxIterations { get; init; }
}
