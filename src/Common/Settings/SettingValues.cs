namespace AugBuild.Settings;

/// <summary>
/// The raw values one door received, by setting, and that door's names for them (options or properties), so the
/// grammar's messages name what the user wrote.
/// </summary>
internal sealed class SettingValues(IReadOnlyDictionary<string, string?> byOption, Func<SettingDefinition, string> nameOf)
{
    /// <summary>No values: every setting at its default; messages name the command-line options.</summary>
    public static SettingValues Empty { get; } = new(new Dictionary<string, string?>(), d => d.Option);

    public string Name(SettingDefinition definition) => nameOf(definition);

    /// <summary>The value given, or null when it is absent or empty.</summary>
    public string? Given(SettingDefinition definition) =>
        byOption.TryGetValue(definition.Option, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>The value given, else the default.</summary>
    public string Text(SettingDefinition definition) => Given(definition) ?? definition.Default;

    /// <summary>Parses the value (or the default) with <paramref name="grammar"/>, naming the setting as this door does.</summary>
    public T Parse<T>(SettingDefinition definition, Func<string?, string, T> grammar) => grammar(Text(definition), Name(definition));

    /// <summary>Like <see cref="Parse{T}"/>, but null when the value is absent and the default is empty.</summary>
    public T? Optional<T>(SettingDefinition definition, Func<string, string, T> grammar) where T : struct =>
        Given(definition) is { } text ? grammar(text, Name(definition)) : null;

    public bool Flag(SettingDefinition definition) => Parse(definition, ChoiceGrammar.Flag);

    /// <summary>The canonical text of the value (or the default); throws <see cref="SettingException"/> when it is invalid.</summary>
    public string Canonical(SettingDefinition definition) => definition.Canonical(Text(definition), Name(definition));
}
