namespace AugBuild.Tasks;

/// <summary>How a line the worker printed is shown in the build log.</summary>
internal enum WorkerLineKind
{
    /// <summary>`AugBuild: ...` stage summary on stdout: shown at normal verbosity.</summary>
    Summary,

    /// <summary>A canonical `file: error CODE: text` or `file: warning CODE: text` line: becomes an MSBuild error or warning.</summary>
    Diagnostic,

    /// <summary>Anything else (progress): detailed verbosity only.</summary>
    Progress,
}

internal static class WorkerOutput
{
    public const string SummaryPrefix = "AugBuild: ";

    public static WorkerLineKind Classify(string line)
    {
        if (line.StartsWith(SummaryPrefix, StringComparison.Ordinal))
        {
            return WorkerLineKind.Summary;
        }

        return line.Contains(": error ", StringComparison.Ordinal) || line.Contains(": warning ", StringComparison.Ordinal)
            ? WorkerLineKind.Diagnostic
            : WorkerLineKind.Progress;
    }

    /// <summary>`AugBuild: text` as `AugBuild (Project): text`.</summary>
    public static string WithProject(string summaryLine, string? projectFile) =>
        string.IsNullOrEmpty(projectFile) || !summaryLine.StartsWith(SummaryPrefix, StringComparison.Ordinal)
            ? summaryLine
            : $"AugBuild ({Path.GetFileNameWithoutExtension(projectFile)}): {summaryLine[SummaryPrefix.Length..]}";

    /// <summary>The code of a canonical warning line (`file: warning AUG6010: text`), else null.</summary>
    public static string? WarningCode(string line)
    {
        var at = line.IndexOf(": warning ", StringComparison.Ordinal);
        if (at < 0) return null;
        var rest = line[(at + ": warning ".Length)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? rest[..colon].Trim() : null;
    }
}
