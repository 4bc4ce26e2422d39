using System.Globalization;
using AugBuild.Engine.Diagnostics;

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

    /// <summary>Parses "100" or "10%" (invariant culture, surrounding spaces allowed).</summary>
    /// <param name="property">Names the setting in error messages (e.g. the MSBuild property).</param>
    public static Budget Parse(string? text, string property = "Budget")
    {
        var t = (text ?? "").Trim();
        var isPercent = t.EndsWith('%');
        var number = isPercent ? t[..^1].TrimEnd() : t;
        var hint = $"Set {property} to a whole count such as \"100\" or a percentage such as \"10%\".";

        if (isPercent)
        {
            if (!double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) || !double.IsFinite(p))
                throw new AugBuildException(SelectionErrors.BudgetMalformed, $"Budget '{text}' is not a number. {hint}", property);
            if (p < 0)
                throw new AugBuildException(SelectionErrors.BudgetNegative, $"Budget '{text}' is negative. {hint}", property);
            if (p > 100)
                throw new AugBuildException(SelectionErrors.BudgetPercentTooLarge, $"Budget '{text}' is above 100%. Set {property} to at most \"100%\".", property);
            return new Budget(true, p);
        }

        if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            throw new AugBuildException(SelectionErrors.BudgetMalformed, $"Budget '{text}' is not a whole number. {hint}", property);
        if (count < 0)
            throw new AugBuildException(SelectionErrors.BudgetNegative, $"Budget '{text}' is negative. {hint}", property);
        return new Budget(false, Math.Min(count, int.MaxValue));
    }

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
            $"Budget {m} is larger than the training set ({n} points); augmenting all {n}. Lower the budget or use a percentage to silence this.");
        return n;
    }

    public override string ToString() =>
        IsPercent ? Value.ToString(CultureInfo.InvariantCulture) + "%" : Value.ToString(CultureInfo.InvariantCulture);
}
