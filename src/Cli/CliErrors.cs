namespace AugBuild.Cli;

/// <summary>AUG60xx codes the command line itself raises (docs/errors.md).</summary>
internal static class CliErrors
{
    /// <summary>The command line is wrong: a missing required option, an unknown option, a value out of range. Exit code 2.</summary>
    public const string UsageError = "AUG6002";

    /// <summary>The run was cancelled (Ctrl+C or MSBuild cancellation). Outputs already complete are intact; exit code 130.</summary>
    public const string Cancelled = "AUG6003";

    /// <summary>An unexpected failure (a bug): the message and stack trace say where. Exit code 3.</summary>
    public const string InternalError = "AUG6099";
}
