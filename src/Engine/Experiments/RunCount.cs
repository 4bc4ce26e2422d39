namespace AugBuild.Engine.Experiments;

/// <summary>How many runs a study makes, said so the arithmetic adds up: random configurations repeat over rounds.</summary>
public static class RunCount
{
    /// <example>"11 configurations x 2 scores = 34 runs (5 deterministic run once, 6 random 2 rounds each: (5 + 6 x 2) x 2)"</example>
    public static string Describe(IReadOnlyList<PolicyConfiguration> configurations, int scores, int rounds, int runs)
    {
        var random = configurations.Count(c => c.IsRandom);
        var deterministic = configurations.Count - random;
        return $"{configurations.Count} configurations x {scores} score{(scores == 1 ? "" : "s")} = {runs} runs " +
               $"({deterministic} deterministic run once, {random} random {rounds} round{(rounds == 1 ? "" : "s")} each: ({deterministic} + {random} x {rounds}) x {scores})";
    }
}
