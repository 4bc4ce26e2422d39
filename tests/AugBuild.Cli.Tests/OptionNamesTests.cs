using System.Text.RegularExpressions;

namespace AugBuild.Cli.Tests;

/// <summary>No message in the source names an option that does not exist: every "--name" in a string literal is an option of some verb.</summary>
public sealed partial class OptionNamesTests
{
    [Fact]
    public async Task EveryOptionAMessageNamesExists()
    {
        var options = new HashSet<string>(StringComparer.Ordinal) { "--help", "--additionalprobingpath" }; // the latter is dotnet exec's
        foreach (var verb in new[] { "run", "featurize", "score", "select", "materialize", "gather", "experiment" })
        {
            var help = await CliRunner.RunAsync(verb, "--help");
            options.UnionWith(OptionName().Matches(help.Stdout).Select(m => m.Value));
        }

        var root = RepositoryRoot.Path;
        var named = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => StringLiteral().Matches(File.ReadAllText(f)).SelectMany(s => OptionName().Matches(s.Value)).Select(m => (Option: m.Value, File: Path.GetFileName(f))))
            .ToList();

        Assert.Contains(named, n => n.Option == "--onnx-side");
        var unknown = named.Where(n => !options.Contains(n.Option)).Select(n => $"{n.Option} ({n.File})").Distinct();
        Assert.Empty(unknown);
    }

    [GeneratedRegex(@"(?<![\w-])--[A-Za-z][A-Za-z-]*")]
    private static partial Regex OptionName();

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex StringLiteral();
}
