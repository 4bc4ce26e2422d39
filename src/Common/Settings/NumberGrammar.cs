using System.Globalization;

namespace AugBuild.Settings;

/// <summary>The numeric settings: C, the seed, counts, per-channel lists and sizes with units.</summary>
internal static class NumberGrammar
{
    /// <summary>"cv" (or empty) is null: choose C by cross-validation; otherwise a positive finite number.</summary>
    public static double? C(string? text, string setting)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0 || t.Equals("cv", StringComparison.OrdinalIgnoreCase))
            return null;
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c > 0 && double.IsFinite(c)
            ? c
            : throw new SettingException(SettingErrors.InvalidC,
                $"{setting} must be a positive number or 'cv', not '{text}'. Set {setting} to e.g. 1, or to cv to choose C by cross-validation.", setting);
    }

    /// <summary>A percentage in [0, 100], written "5" or "5%"; empty is 0.</summary>
    public static double Percent(string? text, string setting)
    {
        var t = (text ?? "").Trim().TrimEnd('%').Trim();
        if (t.Length == 0)
            return 0;
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.IsFinite(p) && p >= 0 && p <= 100
            ? p
            : throw new SettingException(SettingErrors.InvalidVerifyCache,
                $"{setting} must be a percentage from 0 to 100 (e.g. 5 or 5%), not '{text}'.", setting);
    }

    public static string PercentText(double percent) => percent.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>C's canonical text: "cv" or the round-trip number.</summary>
    public static string CText(double? c) => c?.ToString("R", CultureInfo.InvariantCulture) ?? "cv";

    public static int Seed(string? text, string setting)
    {
        var t = (text ?? "").Trim();
        return t.Length == 0 ? 0 : int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new SettingException(SettingErrors.InvalidSeed, $"{setting} '{text}' is not a whole number. Set {setting} to an integer such as 0.", setting);
    }

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static int Count(string? text, string setting, int min, string what) =>
        int.TryParse((text ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new SettingException(SettingErrors.InvalidFeaturizationOption,
                $"{setting} '{text}' is not a whole number of at least {min} ({what}). Set {setting} to e.g. {Math.Max(min, 1)}.", setting);

    /// <summary>Per-channel values on the [0, 1] scale: one number (for every channel) or a comma-separated list.</summary>
    public static float[] Channels(string? text, string setting, bool positive)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]) || (positive && values[i] <= 0))
            {
                throw new SettingException(SettingErrors.InvalidFeaturizationOption,
                    $"{setting} '{text}' is not a comma-separated list of {(positive ? "positive " : "")}numbers (one, or one per channel, on the [0, 1] scale, e.g. 0.485,0.456,0.406).", setting);
            }
        }

        return values;
    }

    public static string ChannelsText(float[] values) =>
        string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static readonly (string Unit, long Factor)[] Units =
    [
        ("KIB", 1L << 10), ("MIB", 1L << 20), ("GIB", 1L << 30), ("TIB", 1L << 40),
        ("KB", 1000L), ("MB", 1000L * 1000), ("GB", 1000L * 1000 * 1000), ("TB", 1000L * 1000 * 1000 * 1000),
        ("K", 1000L), ("M", 1000L * 1000), ("G", 1000L * 1000 * 1000), ("B", 1L),
    ];

    /// <summary>
    /// Shard sizes like "500MB" in bytes: decimal units as Hugging Face's max_shard_size uses them (B, KB = 1000, MB,
    /// GB) and binary ones (KiB = 1024, MiB, GiB); a bare number is bytes.
    /// </summary>
    public static long ShardSize(string? text, string setting)
    {
        var t = (text ?? "").Trim().ToUpperInvariant();
        long factor = 1;
        foreach (var (unit, f) in Units)
        {
            if (t.EndsWith(unit, StringComparison.Ordinal))
            {
                factor = f;
                t = t[..^unit.Length].TrimEnd();
                break;
            }
        }

        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value <= 0 || value * factor > long.MaxValue / 2 || value * factor < 1024)
        {
            throw new SettingException(SettingErrors.InvalidShardSize,
                $"'{text}' is not a valid shard size; set {setting} to a size of at least 1KiB with a unit, e.g. 500MB, 1GB or 256MiB.", setting);
        }

        return (long)Math.Floor(value * factor);
    }
}
