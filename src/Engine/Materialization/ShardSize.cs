using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Materialization;

/// <summary>Shard sizes like "500MB", parsed by the shared settings grammar (<see cref="NumberGrammar.ShardSize"/>).</summary>
public static class ShardSize
{
    public const long Default = 500L * 1000 * 1000;

    public static long Parse(string text, string property = "--shard-size")
    {
        ArgumentNullException.ThrowIfNull(text);
        return SettingParse.Run(() => NumberGrammar.ShardSize(text, property));
    }
}
