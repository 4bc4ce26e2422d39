namespace AugBuild.Engine.Experiments;

/// <summary>How a study runs (method.md, evaluation protocol).</summary>
public sealed record ExperimentOptions
{
    /// <summary>Budgets before clipping to n.</summary>
    public IReadOnlyList<int> Budgets { get; init; } = BudgetGrid.Default;

    /// <summary>Rounds of the random policies and baseline; deterministic ones run once.</summary>
    public int Rounds { get; init; } = 5;

    public IReadOnlyList<PolicyConfiguration> Policies { get; init; } = PolicyConfiguration.All;

    /// <summary>"loss" and/or "influence".</summary>
    public IReadOnlyList<string> Scores { get; init; } = ["loss", "influence"];

    /// <summary>Fixed C, or null to choose it once by cross-validation on the originals.</summary>
    public double? C { get; init; }

    public long Seed { get; init; }

    /// <summary>
    /// Where finished runs are recorded as they finish (<see cref="ExperimentJournal"/>), so an interrupted study
    /// resumes from them; null: no journal.
    /// </summary>
    public string? JournalPath { get; init; }

    /// <summary>Runs (configuration x score x round) evaluated at once; results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
