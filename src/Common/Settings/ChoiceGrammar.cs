namespace AugBuild.Settings;

/// <summary>Settings that take one word of a fixed list, and flags.</summary>
internal static class ChoiceGrammar
{
    public static IReadOnlyList<string> Scores { get; } = ["loss", "influence"];

    public static IReadOnlyList<string> Devices { get; } = ["auto", "cpu", "cuda"];

    public static IReadOnlyList<string> Formats { get; } = ["png", "source"];

    public static IReadOnlyList<string> Influences { get; } = ["auto", "exact", "block"];

    public static string Score(string? text, string setting) =>
        Choice(text, setting, Scores, SettingErrors.InvalidScore, "the score the policy reads");

    public static string Device(string? text, string setting) =>
        Choice(text, setting, Devices, SettingErrors.InvalidFeaturizationOption, "auto tries CUDA and falls back to the CPU");

    public static string Format(string? text, string setting) =>
        Choice(text, setting, Formats, SettingErrors.InvalidImageFormat, "png re-encodes originals, source keeps their bytes");

    public static string Influence(string? text, string setting) =>
        Choice(text, setting, Influences, SettingErrors.InvalidInfluence, "exact: the p x p Hessian; block: one (d+1) x (d+1) block per class; auto: exact while it fits in memory");

    /// <summary>true or false (MSBuild's spelling, any case); the command line writes a flag by its presence.</summary>
    public static bool Flag(string? text, string setting) =>
        (text ?? "").Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw new SettingException(SettingErrors.InvalidFlag, $"{setting} '{text}' is not true or false. Set {setting} to true or false.", setting),
        };

    /// <summary>The canonical (lower-case) word.</summary>
    public static string Choice(string? text, string setting, IReadOnlyList<string> allowed, string code, string what)
    {
        var t = (text ?? "").Trim();
        return allowed.FirstOrDefault(a => a.Equals(t, StringComparison.OrdinalIgnoreCase))
            ?? throw new SettingException(code, $"{setting} '{text}' is not one of: {string.Join(", ", allowed)} ({what}). Set {setting} to one of them.", setting);
    }
}
