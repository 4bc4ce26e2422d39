namespace AugBuild.Cli.Console;

/// <summary>
/// Formats a diagnostic in MSBuild's canonical error format (<c>origin: error CODE: text</c>), which
/// ToolTask, IDEs and CI log parsers recognise and link to the file.
/// </summary>
internal static class CanonicalLine
{
    public static string Format(string category, string code, string message, string? file) =>
        $"{(string.IsNullOrEmpty(file) ? "augbuild " : file)}: {category} {code}: {message}";
}
