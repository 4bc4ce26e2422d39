using System.Text.RegularExpressions;

namespace AugBuild.Engine.Tests.Diagnostics;

/// <summary>Every AUGnnnn code the source defines is documented in docs/errors.md, once, and codes are unique.</summary>
public sealed partial class ErrorCatalogTests
{
    [Fact]
    public void EveryCodeInTheSourceIsDocumentedAndUnique()
    {
        var root = RepositoryRoot.Path;
        var defined = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => ConstPattern().Matches(File.ReadAllText(f)).Select(m => (Code: m.Groups[2].Value, Where: $"{Path.GetFileName(f)}:{m.Groups[1].Value}")))
            .ToList();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "errors.md"));
        var documented = RowPattern().Matches(doc).Select(m => m.Groups[1].Value).ToList();

        Assert.True(defined.Count > 50, $"found only {defined.Count} codes: is the pattern wrong?");
        var duplicates = defined.GroupBy(d => d.Code).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Where))}");
        Assert.Empty(duplicates);
        var undocumented = defined.Select(d => d.Code).Except(documented).Order();
        Assert.True(!undocumented.Any(), $"Not in docs/errors.md (run scripts/errors_doc.py): {string.Join(", ", undocumented)}");
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [GeneratedRegex("""(?:public|internal) const string (\w+) = "(AUG\d{4})";""")]
    private static partial Regex ConstPattern();

    [GeneratedRegex(@"^\| (AUG\d{4}) \|", RegexOptions.Multiline)]
    private static partial Regex RowPattern();
}
