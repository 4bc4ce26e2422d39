using System.Globalization;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// Parses shard sizes like "500MB". Decimal units as Hugging Face's max_shard_size uses them
/// (B, KB = 1000, MB, GB) and binary ones (KiB = 1024, MiB, GiB); a bare number is bytes.
/// </summary>
public static class ShardSize
{
    public const long Default = 500L * 1000 * 1000;

    private const string Property = "AugmentShardSize";

    private static readonly (string Unit, long Factor)[] Units =
    [
        ("KIB", 1L << 10), ("MIB", 1L << 20), ("GIB", 1L << 30), ("TIB", 1L << 40),
        ("KB", 1000L), ("MB", 1000L * 1000), ("GB", 1000L * 1000 * 1000), ("TB", 1000L * 1000 * 1000 * 1000),
        ("K", 1000L), ("M", 1000L * 1000), ("G", 1000L * 1000 * 1000), ("B", 1L),
    ];

    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToUpperInvariant();
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

        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value <= 0 || value * factor > long.MaxValue / 2 || value * factor < 1024)
            throw new AugBuildException(MaterializeErrors.InvalidShardSize,
                $"'{text}' is not a valid shard size; give a size of at least 1KiB with a unit, e.g. 500MB, 1GB or 256MiB.", Property);
        return (long)Math.Floor(value * factor);
    }
}
