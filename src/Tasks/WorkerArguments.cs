using System.Text;

namespace AugBuild.Tasks;

/// <summary>The job for `augbuild run`, as tokens and as a response file (one token per line).</summary>
internal sealed record WorkerArguments(
    string Images,
    string OutputDir,
    string Budget,
    string Policy,
    string Score,
    bool Update,
    bool Downweight,
    string Featurizer,
    string Device,
    string Transforms,
    string Seed,
    string CacheDir,
    string Format,
    bool FailOnBadImage = false)
{
    /// <summary>--C: a positive number, or empty to let the worker choose it by cross-validation.</summary>
    public string C { get; init; } = "";

    public IReadOnlyList<string> Tokens()
    {
        var tokens = new List<string> { "--images", Images, "--out", OutputDir, "--budget", Budget };
        Add(tokens, "--policy", Policy);
        Add(tokens, "--score", Score);
        if (Update)
        {
            tokens.Add("--update");
        }

        if (Downweight)
        {
            tokens.Add("--downweight");
        }

        Add(tokens, "--featurizer", Featurizer);
        Add(tokens, "--device", Device);
        Add(tokens, "--transforms", Transforms);
        Add(tokens, "--seed", Seed);
        Add(tokens, "--C", C);
        Add(tokens, "--cache", CacheDir);
        Add(tokens, "--format", Format);
        if (FailOnBadImage)
        {
            tokens.Add("--fail-on-bad-image");
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

    private static void Add(List<string> tokens, string option, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            tokens.Add(option);
            tokens.Add(value.Trim());
        }
    }
}
