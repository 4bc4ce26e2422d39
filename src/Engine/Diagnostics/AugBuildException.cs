namespace AugBuild.Engine.Diagnostics;

/// <summary>
/// A failure the user can act on: carries a stable AUGnnnn code (docs/errors.md) and, where one is to blame,
/// the file or property it concerns.
/// </summary>
public sealed class AugBuildException : Exception
{
    public AugBuildException(string code, string message, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
    }

    public string Code { get; }

    /// <summary>The file (or property name) the error is about, if any.</summary>
    public string? File { get; }
}
