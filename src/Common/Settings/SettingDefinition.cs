namespace AugBuild.Settings;

/// <summary>The stage whose stamp a setting enters; <see cref="None"/> settings change no output (device, batch size, cache).</summary>
internal enum SettingStage
{
    None,
    Score,
    Select,
    Materialize,
}

/// <summary>
/// One setting as every door sees it: its command-line option, its MSBuild property, its default (text the grammar
/// accepts; empty for "not given"), the stage that owns it, and <see cref="Canonical"/>, which validates a value
/// with the shared grammar (throwing <see cref="SettingException"/>) and returns its canonical text for stamps.
/// </summary>
internal sealed record SettingDefinition(string Option, string Property, SettingStage Stage, string Default, string Help, Func<string?, string, string> Canonical)
{
    /// <summary>A flag: the command line writes it by its presence, MSBuild as true/false.</summary>
    public bool IsFlag { get; init; }

    /// <summary>The command line requires it (MSBuild has a default).</summary>
    public bool RequiredOnCommandLine { get; init; }
}
