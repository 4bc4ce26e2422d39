using AugBuild.Engine.Selection;

namespace AugBuild.Engine.Experiments.Report;

/// <summary>What each policy name and modifier in the report means, in one sentence each (method.md's definitions).</summary>
internal static class PolicyGlossary
{
    public static string Describe(PolicyKind kind) => kind switch
    {
        PolicyKind.Baseline => "random images, uniformly: the yardstick every score-based policy must beat.",
        PolicyKind.DeterministicProportional => "the images with the highest score (largest loss or influence), in order.",
        PolicyKind.RandomProportional => "images drawn at random with probability proportional to their score (Plackett-Luce), so high scores are likely but not certain.",
        PolicyKind.DeterministicInverse => "the images with the lowest score: a control that should do worse than baseline.",
        PolicyKind.RandomInverse => "images drawn at random with probability proportional to the inverse of their score: the control's random form.",
        PolicyKind.Vsv => "the support vectors of a linear SVM on the features; its budget is their count, so it is one point, not a curve.",
        PolicyKind.RandomPower => "images drawn at random with probability proportional to score^alpha (alpha 0.25 unless given): proportional, tempered (not in the paper).",
        PolicyKind.Moderate => "the images whose score is nearest the median first: neither the easiest nor the hardest (not in the paper; the default of augbuild run).",
        _ => "see docs/method.md.",
    };

    public static IReadOnlyList<(string Name, string Meaning)> Modifiers { get; } =
    [
        ("update", "after each checkpoint the probe is refitted on the images chosen so far with their copies, and the rest are rescored."),
        ("downweight", "an augmented image and its k copies each get weight 1/(k+1), so the image counts once in the fit."),
        ("guard", "before the policy draws, the top 10% (or the given share) by score and every image whose label looks wrong (confident learning) are set aside; they come last."),
    ];
}
