namespace AugBuild.Engine.Selection;

/// <summary>AUG40xx: budgets, policies and selection (docs/errors.md).</summary>
public static class SelectionErrors
{
    /// <summary>The budget is neither a whole count ("100") nor a percentage ("10%").</summary>
    public const string BudgetMalformed = "AUG4001";

    /// <summary>The budget is negative.</summary>
    public const string BudgetNegative = "AUG4002";

    /// <summary>A percentage budget above 100%.</summary>
    public const string BudgetPercentTooLarge = "AUG4003";

    /// <summary>Warning: a count budget above the number of points was clamped to it.</summary>
    public const string BudgetClamped = "AUG4004";

    /// <summary>The policy name is not one of the known policies.</summary>
    public const string UnknownPolicy = "AUG4010";

    /// <summary>A modifier (update, downweight) combined with a policy that has no scores to update or weight.</summary>
    public const string ModifierNotAllowed = "AUG4011";

    /// <summary>Unknown modifier in a combined policy string ("random-proportional+foo").</summary>
    public const string UnknownModifier = "AUG4012";

    /// <summary>A score is NaN, infinite or negative.</summary>
    public const string ScoresInvalid = "AUG4020";

    /// <summary>The scores are missing or their count differs from the number of points.</summary>
    public const string ScoresMismatch = "AUG4021";

    /// <summary>The SVM's input (features, labels, C) is inconsistent.</summary>
    public const string SvmInputInvalid = "AUG4030";

    /// <summary>Warning: the SVM solver hit its iteration limit before its tolerance.</summary>
    public const string SvmNotConverged = "AUG4031";

    /// <summary>Warning: a class has fewer points than cross-validation folds.</summary>
    public const string SvmSmallClass = "AUG4032";

    /// <summary>The update modifier's rescore callback is missing or returned the wrong number of scores.</summary>
    public const string RescoreInvalid = "AUG4040";

    /// <summary>A checkpoint of the update grid is outside 0..n.</summary>
    public const string CheckpointInvalid = "AUG4041";

    /// <summary>Copies per point for downweight is negative.</summary>
    public const string CopiesInvalid = "AUG4042";
}
