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
}
