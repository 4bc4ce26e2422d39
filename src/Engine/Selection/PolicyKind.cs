namespace AugBuild.Engine.Selection;

/// <summary>The selection policies of method.md ("Policies").</summary>
public enum PolicyKind
{
    /// <summary>Uniform random permutation; ignores scores.</summary>
    Baseline,

    /// <summary>Scores descending, ties by index.</summary>
    DeterministicProportional,

    /// <summary>Scores ascending, ties by index.</summary>
    DeterministicInverse,

    /// <summary>Plackett-Luce sampling with weights a_i.</summary>
    RandomProportional,

    /// <summary>Plackett-Luce sampling with weights 1/a_i.</summary>
    RandomInverse,

    /// <summary>Support vectors of a linear SVM on the features.</summary>
    Vsv,

    /// <summary>Plackett-Luce sampling with weights a_i^alpha (alpha = <see cref="PolicySpec.Exponent"/>, 0.25 by default): proportional, tempered.</summary>
    RandomPower,

    /// <summary>Scores nearest the median first (|a_i - median| ascending, ties by index): "moderate" coresets.</summary>
    Moderate,
}
