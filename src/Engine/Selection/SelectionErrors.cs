namespace AugBuild.Engine.Selection;

/// <summary>AUG40xx: selection (the budget's and the policy's grammar codes are in AugBuild.Settings.SettingErrors) (docs/errors.md).</summary>
public static class SelectionErrors
{
    /// <summary>Warning: a count budget above the number of points was clamped to it.</summary>
    public const string BudgetClamped = "AUG4004";

    /// <summary>A score is NaN, infinite or negative.</summary>
    public const string ScoresInvalid = "AUG4020";

    /// <summary>vsv: the features contain NaN or infinity (the featurizer's output); check the model or choose another featurizer.</summary>
    public const string SvmInputInvalid = "AUG4030";

    /// <summary>Warning: the SVM solver hit its iteration limit before its tolerance.</summary>
    public const string SvmNotConverged = "AUG4031";

    /// <summary>Warning: a class has fewer points than cross-validation folds.</summary>
    public const string SvmSmallClass = "AUG4032";
}
