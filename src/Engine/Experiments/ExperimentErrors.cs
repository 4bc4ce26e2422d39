namespace AugBuild.Engine.Experiments;

/// <summary>Error codes of the experiment runner (AUG8000-AUG8099).</summary>
public static class ExperimentErrors
{
    /// <summary>A budget of the grid is negative or not a whole number.</summary>
    public const string BudgetInvalid = "AUG8001";

    /// <summary>The number of rounds is below 1.</summary>
    public const string RoundsInvalid = "AUG8002";

    /// <summary>A test class does not occur in the training set.</summary>
    public const string TestClassUnknown = "AUG8003";

    /// <summary>The features given to the runner do not line up (counts, labels, copies).</summary>
    public const string FeaturesInvalid = "AUG8004";

    /// <summary>A policy configuration in the list cannot be parsed or is given twice.</summary>
    public const string PolicyListInvalid = "AUG8005";

    /// <summary>A score name other than loss or influence.</summary>
    public const string ScoreInvalid = "AUG8006";

    /// <summary>The recommendation margin is negative or not finite.</summary>
    public const string MarginInvalid = "AUG8007";
}
