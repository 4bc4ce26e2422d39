using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Learning;

/// <summary>How <see cref="SoftmaxRegression.Fit"/> takes its Newton steps; both reach the same optimum.</summary>
public enum FitSolver
{
    /// <summary>Truncated Newton on Hessian-vector products: O(n d K) memory and time per product, no p x p matrix.</summary>
    MatrixFree,

    /// <summary>Newton steps on the factored p x p Hessian (8 p^2 bytes): the reference the matrix-free fit is tested against.</summary>
    Dense,
}

/// <summary>Settings of <see cref="SoftmaxRegression.Fit"/>; the defaults follow method.md.</summary>
public sealed record FitOptions
{
    /// <summary>Stop when ||grad L(theta)|| &lt;= Tolerance * max(1, ||grad L(0)||).</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>Newton steps at most (each matrix-free step is one conjugate-gradient solve).</summary>
    public int MaxIterations { get; init; } = 100;

    public FitSolver Solver { get; init; } = FitSolver.MatrixFree;

    /// <summary>
    /// Dense solver: between Hessian factorisations, take Newton steps by conjugate gradients preconditioned with
    /// the last factor; a new factor is made when CG stalls. False selects the dense solver with a fresh factor
    /// at every step (exact Newton), whatever <see cref="Solver"/> says. Same optimum either way.
    /// </summary>
    public bool ReuseHessian { get; init; } = true;

    /// <summary>Matrix-free solver: CG iterations per Newton step at most; 0 = max(50, 2p).</summary>
    public int MaxCgIterations { get; init; }

    /// <summary>Start from these parameters (e.g. the previous model when refitting after `update`).</summary>
    public double[]? InitialParameters { get; init; }

    /// <summary>Receives the coded warnings (jitter added, not converged) and per-iteration progress.</summary>
    public IReporter Reporter { get; init; } = NullReporter.Instance;

    /// <summary>The progress stage the fit reports under (see <see cref="FitProgress"/>); null: no progress.</summary>
    public string? ProgressStage { get; init; } = "fit";

    /// <summary>Run the kernels on all cores (false: one thread, e.g. when folds already run in parallel).</summary>
    public bool Parallel { get; init; } = true;
}
