using System.Globalization;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Experiments;

/// <summary>The budgets (numbers of augmented originals) a study evaluates.</summary>
public static class BudgetGrid
{
    /// <summary>The paper's grid (method.md, evaluation protocol).</summary>
    public static IReadOnlyList<int> Default { get; } = [0, 1, 10, 50, 100, 250, 500, 750, 1000];

    /// <summary>"0,1,10,..." to counts.</summary>
    public static IReadOnlyList<int> Parse(string text, string property = "--budgets")
    {
        var budgets = new List<int>();
        foreach (var token in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                throw new AugBuildException(ExperimentErrors.BudgetInvalid,
                    $"Budget '{token}' in '{text}' is not a whole number >= 0; give counts such as 0,1,10,50,100.", property);
            }

            budgets.Add(b);
        }

        if (budgets.Count == 0)
            throw new AugBuildException(ExperimentErrors.BudgetInvalid, "The budget list is empty; give counts such as 0,1,10,50,100.", property);
        return budgets;
    }

    /// <summary>
    /// Clips the budgets to the n originals (a budget above n becomes n, so the curve always ends at full
    /// augmentation when the grid reaches it), then sorts them and drops duplicates.
    /// </summary>
    public static int[] Resolve(IReadOnlyList<int> budgets, int n)
    {
        if (budgets.Any(b => b < 0))
            throw new AugBuildException(ExperimentErrors.BudgetInvalid, $"--budgets must be >= 0; got {string.Join(",", budgets)}.", "--budgets");
        return budgets.Select(b => Math.Min(b, n)).Distinct().Order().ToArray();
    }
}
