namespace AugBuild.Engine.Learning;

/// <summary>AUG30xx: fitting the probe, scoring points and cross-validation (docs/errors.md).</summary>
public static class LearningErrors
{
    /// <summary>A feature value is NaN or infinite.</summary>
    public const string NonFiniteFeature = "AUG3002";

    /// <summary>A class has no row with positive weight, so its bias has no finite optimum.</summary>
    public const string EmptyClass = "AUG3006";

    /// <summary>Warning: the Hessian was not positive definite to working precision; a diagonal jitter was added.</summary>
    public const string HessianJitter = "AUG3008";

    /// <summary>The Hessian stayed indefinite even with the largest jitter.</summary>
    public const string HessianNotPositiveDefinite = "AUG3009";

    /// <summary>Warning: Newton's method stopped before the gradient tolerance was reached.</summary>
    public const string NotConverged = "AUG3010";

    /// <summary>The p x p Hessian, p = (K-1)(d+1), does not fit in one .NET array (p above 46,340).</summary>
    public const string ProblemTooLarge = "AUG3015";

    /// <summary>The probe's fit (or, with influence wanted, every influence method) needs more memory than the budget.</summary>
    public const string OutOfMemoryBudget = "AUG3210";

    /// <summary>Exact influence was asked for but its p x p Hessian does not fit in the memory budget or in one array.</summary>
    public const string ExactInfluenceTooLarge = "AUG3211";
}
