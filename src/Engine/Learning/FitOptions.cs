using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>Settings of <see cref="SoftmaxRegression.Fit"/>; the defaults follow method.md.</summary>
public sealed record FitOptions
{
    /// <summary>Stop when ||grad L(theta)|| &lt;= Tolerance * max(1, ||grad L(0)||).</summary>
    public double Tolerance { get; init; } = 1e-8;

    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// Between Hessian factorisations, take Newton steps by conjugate gradients preconditioned with the last
    /// factor (each costs O(n p) instead of O(n p^2)); a new factor is made when CG stalls. Same optimum either way.
    /// </summary>
    public bool ReuseHessian { get; init; } = true;

    /// <summary>Start from these parameters (e.g. the previous model when refitting after `update`).</summary>
    public double[]? InitialParameters { get; init; }

    /// <summary>Receives the coded warnings (jitter added, not converged) and per-iteration progress.</summary>
    public IReporter Reporter { get; init; } = NullReporter.Instance;

    /// <summary>Run the kernels on all cores (false: one thread, e.g. when folds already run in parallel).</summary>
    public bool Parallel { get; init; } = true;
}
