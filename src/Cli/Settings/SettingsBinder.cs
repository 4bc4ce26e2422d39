using System.CommandLine;
using AugBuild.Settings;

namespace AugBuild.Cli.Settings;

/// <summary>
/// Binds one settings record for every verb: an option per catalog definition (its name, help and whether it is
/// required come from the catalog), and the record built from the values with the shared grammar, so a verb
/// never maps options to settings field by field. A bad value throws <see cref="SettingException"/> naming the option.
/// </summary>
internal sealed class SettingsBinder<T>(IReadOnlyList<SettingDefinition> definitions, Func<SettingValues, T> from)
{
    // The options this binder made: a verb's own option may share a name (experiment's --score takes a list).
    private readonly HashSet<Option> _made = [];

    /// <summary>Adds the options of the definitions <paramref name="include"/> keeps (all by default) to <paramref name="command"/>.</summary>
    public void AddTo(Command command, Func<SettingDefinition, bool>? include = null)
    {
        foreach (var definition in definitions.Where(include ?? (_ => true)))
        {
            var option = Create(definition);
            lock (_made)
            {
                _made.Add(option);
            }

            command.Add(option);
        }
    }

    /// <summary>The record from the options the command has; the others take their defaults.</summary>
    public T Bind(ParseResult parse)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var option in parse.CommandResult.Command.Options)
        {
            bool mine;
            lock (_made)
            {
                mine = _made.Contains(option);
            }

            if (mine)
            {
                values[option.Name] = option switch
                {
                    Option<bool> flag => parse.GetResult(flag) is null ? null : parse.GetValue(flag) ? "true" : "false",
                    Option<string> text => parse.GetValue(text),
                    _ => null,
                };
            }
        }

        return from(new SettingValues(values, d => d.Option));
    }

    private static Option Create(SettingDefinition definition)
    {
        var help = definition.Help.Contains("default", StringComparison.OrdinalIgnoreCase) || definition.Default.Length == 0 || definition.IsFlag
            ? definition.Help
            : $"{definition.Help} Default: {definition.Default}.";
        return definition.IsFlag
            ? new Option<bool>(definition.Option) { Description = help }
            : new Option<string>(definition.Option) { Description = help, Required = definition.RequiredOnCommandLine };
    }
}
