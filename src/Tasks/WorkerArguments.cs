using System.Text;
using AugBuild.Settings;

namespace AugBuild.Tasks;

/// <summary>The job for `augbuild run`, as tokens and as a response file (one token per line): the inputs, then every setting given.</summary>
internal sealed record WorkerArguments(string Images, string OutputDir, SettingValues Settings)
{
    public IReadOnlyList<string> Tokens()
    {
        var tokens = new List<string> { "--images", Images, "--out", OutputDir };
        foreach (var definition in SettingCatalog.All)
        {
            if (Settings.Given(definition) is not { } value)
            {
                continue;
            }

            if (!definition.IsFlag)
            {
                tokens.Add(definition.Option);
                tokens.Add(value);
            }
            else if (Settings.Flag(definition))
            {
                tokens.Add(definition.Option);
            }
        }

        return tokens;
    }

    /// <summary>
    /// One token per line. System.CommandLine splits a response-file line at spaces outside double quotes,
    /// so tokens holding whitespace are quoted.
    /// </summary>
    public string ResponseFile()
    {
        var text = new StringBuilder();
        foreach (var token in Tokens())
        {
            text.Append(token.Any(char.IsWhiteSpace) ? "\"" + token + "\"" : token).Append('\n');
        }

        return text.ToString();
    }
}
