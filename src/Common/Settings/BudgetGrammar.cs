using System.Globalization;

namespace AugBuild.Settings;

/// <summary>A budget: a whole count of originals, or a percentage of them in [0, 100].</summary>
internal readonly record struct BudgetValue(bool IsPercent, double Value)
{
    /// <summary>The canonical text ("100", "10%"), which <see cref="BudgetGrammar.Parse"/> reads back.</summary>
    public override string ToString() =>
        Value.ToString(CultureInfo.InvariantCulture) + (IsPercent ? "%" : "");
}

/// <summary>"100" or "10%" (invariant culture, surrounding spaces allowed); "0" and "0%" mean no augmentation.</summary>
internal static class BudgetGrammar
{
    public static BudgetValue Parse(string? text, string setting)
    {
        var t = (text ?? "").Trim();
        var isPercent = t.EndsWith('%');
        var number = isPercent ? t[..^1].TrimEnd() : t;
        var hint = $"Set {setting} to a whole count such as \"100\" or a percentage such as \"10%\".";

        if (isPercent)
        {
            if (!double.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) || !double.IsFinite(p))
                throw new SettingException(SettingErrors.BudgetMalformed, $"Budget '{text}' is not a number. {hint}", setting);
            if (p < 0)
                throw new SettingException(SettingErrors.BudgetNegative, $"Budget '{text}' is negative. {hint}", setting);
            if (p > 100)
                throw new SettingException(SettingErrors.BudgetPercentTooLarge, $"Budget '{text}' is above 100%. Set {setting} to at most \"100%\".", setting);
            return new BudgetValue(true, p);
        }

        if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            throw new SettingException(SettingErrors.BudgetMalformed, $"Budget '{text}' is not a whole number. {hint}", setting);
        if (count < 0)
            throw new SettingException(SettingErrors.BudgetNegative, $"Budget '{text}' is negative. {hint}", setting);
        return new BudgetValue(false, Math.Min(count, int.MaxValue));
    }
}
