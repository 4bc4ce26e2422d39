namespace AugBuild.Engine.Experiments;

/// <summary>
/// AUC of an accuracy-vs-budget curve by the trapezoid rule over the budgets, accuracy as a fraction: a
/// constant accuracy of 1 over the grid 0..1000 gives 1000, the paper's maximum (method.md).
/// </summary>
public static class AreaUnderCurve
{
    public static double Trapezoid(IReadOnlyList<int> budgets, IReadOnlyList<double> accuracies)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(accuracies.Count, budgets.Count);
        double area = 0;
        for (var i = 1; i < budgets.Count; i++)
        {
            area += (budgets[i] - budgets[i - 1]) * (accuracies[i] + accuracies[i - 1]) / 2;
        }

        return area;
    }

    /// <summary>
    /// The area as the mean accuracy over the budget range, in percent: the area divided by the range's width. It
    /// does not depend on the range's width, so studies with different budget grids compare.
    /// </summary>
    public static double MeanAccuracyPercent(double area, IReadOnlyList<int> budgets) =>
        budgets.Count < 2 || budgets[^1] == budgets[0] ? double.NaN : 100 * area / (budgets[^1] - budgets[0]);
}
