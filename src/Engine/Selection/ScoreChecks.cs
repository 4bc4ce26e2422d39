using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Selection;

/// <summary>Validates scores before a policy orders by them.</summary>
internal static class ScoreChecks
{
    /// <param name="source">What produced the scores, for the message (e.g. "scores", "rescore callback").</param>
    public static void Validate(IReadOnlyList<double>? scores, int n, string source)
    {
        if (scores is null || scores.Count != n)
        {
            throw new ArgumentException($"The {source} hold {scores?.Count.ToString() ?? "no"} values for {n} points; score every training point (rerun the scoring stage).",
                source);
        }

        for (var i = 0; i < n; i++)
        {
            var s = scores[i];
            if (!double.IsFinite(s) || s < 0)
            {
                throw new AugBuildException(SelectionErrors.ScoresInvalid,
                    $"Score of point {i} from the {source} is {s}; scores must be finite and >= 0. A NaN or infinite score usually means "
                    + "the probe fit diverged: check the features for NaN/Inf or use a smaller C.",
                    source);
            }
        }
    }
}
