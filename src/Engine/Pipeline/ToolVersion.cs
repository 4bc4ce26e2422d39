using System.Reflection;

namespace AugBuild.Engine.Pipeline;

public static class ToolVersion
{
    private static readonly string Informational =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";

    public static string Current { get; } =
        (Informational.Length > 0 ? Informational.Split('+')[0] : null)
        ?? typeof(ToolVersion).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>The source commit the SDK stamped after '+' in the informational version; null when built outside git.</summary>
    public static string? Commit { get; } = Informational.Split('+') is [_, var sha, ..] && sha.Length > 0 ? sha : null;
}
