using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Selection;

/// <summary>
/// How many original points to augment: a whole count ("100") or a percentage of the training set ("10%",
/// "2.5%"). "0" and "0%" are valid and mean no augmentation.
/// </summary>
public sealed record Budget
{
    private Budget(bool isPercent, double value)
    {
        IsPercent = isPercent;
        Value = value;
    }

    /// <summary>True for a percentage of n, false for a count.</summary>
    public bool IsPercent { get; }

    /// <summary>The count, or the percentage (0..100).</summary>
    public double Value { get; }

    public static Budget Count(int count) =>
        count >= 0 ? new Budget(false, count) : throw new ArgumentOutOfRangeException(nameof(count));

    public static Budget Percent(double percent) =>
        percent is >= 0 and <= 100 ? new Budget(true, percent) : throw new ArgumentOutOfRangeException(nameof(percent));

    /// <summary>Parses "100" or "10%" (invariant culture, surrounding spaces allowed) with the shared settings grammar.</summary>
    /// <param name="property">Names the setting in error messages (the option or the MSBuild property).</param>
    public static Budget Parse(string? text, string property = "--budget") =>
        SettingParse.Run(() => From(BudgetGrammar.Parse(text, property)));

    internal static Budget From(BudgetValue value) => new(value.IsPercent, value.Value);

    /// <summary>
    /// The number of points m for a training set of n points. A percentage rounds p/100 * n to the nearest
    /// integer, halves away from zero (10% of 15 = 1.5 -> 2). A count above n is clamped to n with warning
    /// <see cref="SelectionErrors.BudgetClamped"/> (everything is augmented, which is what the user can get).
    /// </summary>
    public int Resolve(int n, IReporter? reporter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (IsPercent)
            return (int)Math.Min(n, Math.Round(Value / 100.0 * n, MidpointRounding.AwayFromZero));

        var m = (int)Value;
        if (m <= n) return m;
        (reporter ?? NullReporter.Instance).Warning(SelectionErrors.BudgetClamped,
            $"Budget {m} is larger than the training set ({n} points); augmenting all {n}. Lower the budget or use a percentage to silence this.", SettingCatalog.Budget.Option);
        return n;
    }

    public override string ToString() => new BudgetValue(IsPercent, Value).ToString();
}
