using AugBuild.Engine.ScaleOut;
using AugBuild.Settings;
using S = AugBuild.Settings.SettingCatalog;

namespace AugBuild.Engine.Settings;

/// <summary>Which shard of a sharded verb this process is (the catalog's ScaleOut); null when not sharded.</summary>
public sealed record ScaleOutSettings
{
    private ScaleOutSettings()
    {
    }

    public static ScaleOutSettings Default { get; } = new();

    public ShardSpec? Shard { get; init; }

    /// <param name="environment">The engines' variables; default the process environment (tests pass their own).</param>
    internal static ScaleOutSettings From(SettingValues v) => From(v, null);

    internal static ScaleOutSettings From(SettingValues v, Func<string, string?>? environment) => new()
    {
        Shard = v.Given(S.Shard) is { } text && ShardGrammar.Parse(text, v.Name(S.Shard), environment) is var (index, count, source)
            ? new ShardSpec(index, count, source)
            : null,
    };

    /// <summary>Parses a --shard value (tests and callers outside the command line), as the engine's coded exception.</summary>
    public static ShardSpec Parse(string text, Func<string, string?>? environment = null) =>
        SettingParse.Run(() => From(new SettingValues(new Dictionary<string, string?> { [S.Shard.Option] = text }, d => d.Option), environment).Shard!.Value);
}
