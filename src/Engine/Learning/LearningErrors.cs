namespace AugBuild.Engine.Learning;

/// <summary>AUG30xx: fitting the probe, scoring points and cross-validation (docs/errors.md).</summary>
public static class LearningErrors
{
    /// <summary>Feature matrix, labels or weights do not have matching sizes.</summary>
    public const string ShapeMismatch = "AUG3001";

    /// <summary>A feature value is NaN or infinite.</summary>
    public const string NonFiniteFeature = "AUG3002";

    /// <summary>A label is outside 0..K-1.</summary>
    public const string LabelOutOfRange = "AUG3003";

    /// <summary>A sample weight is negative, NaN or infinite.</summary>
    public const string InvalidWeight = "AUG3004";

    /// <summary>Fewer than two classes.</summary>
    public const string TooFewClasses = "AUG3005";

    /// <summary>A class has no row with positive weight, so its bias has no finite optimum.</summary>
    public const string EmptyClass = "AUG3006";

    /// <summary>The regularisation C is not a positive finite number.</summary>
    public const string InvalidRegularization = "AUG3007";

    /// <summary>Warning: the Hessian was not positive definite to working precision; a diagonal jitter was added.</summary>
    public const string HessianJitter = "AUG3008";

    /// <summary>The Hessian stayed indefinite even with the largest jitter.</summary>
    public const string HessianNotPositiveDefinite = "AUG3009";

    /// <summary>Warning: Newton's method stopped before the gradient tolerance was reached.</summary>
    public const string NotConverged = "AUG3010";

    /// <summary>Cross-validation asks for more folds than the smallest class has rows, or fewer than two folds.</summary>
    public const string InvalidFolds = "AUG3011";

    /// <summary>The cross-validation grid is empty or holds a non-positive value.</summary>
    public const string InvalidGrid = "AUG3012";

    /// <summary>The model and the data it is applied to differ in dimension or class count.</summary>
    public const string ModelDataMismatch = "AUG3013";

    /// <summary>A training set without rows.</summary>
    public const string EmptyTrainingSet = "AUG3014";

    /// <summary>The p x p Hessian, p = (K-1)(d+1), does not fit in one .NET array (p above 46,340).</summary>
    public const string ProblemTooLarge = "AUG3015";

    /// <summary>The probe's fit (or, with influence wanted, every influence method) needs more memory than the budget.</summary>
    public const string OutOfMemoryBudget = "AUG3210";

    /// <summary>Exact influence was asked for but its p x p Hessian does not fit in the memory budget or in one array.</summary>
    public const string ExactInfluenceTooLarge = "AUG3211";
}
