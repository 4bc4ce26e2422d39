namespace AugBuild.Settings;

/// <summary>
/// A storage location (the cache, an output): a folder path, or <c>s3://bucket[/prefix]</c> for S3 and S3-compatible
/// stores. Parsed once here, so the command line and MSBuild refuse the same bad URI with the same code (AUG2610).
/// The canonical text of an S3 location has no trailing slash and no empty path segment; a folder keeps its text.
/// </summary>
internal static class LocationGrammar
{
    public const string S3Scheme = "s3://";

    /// <summary>The canonical text, or "" when the location is not given.</summary>
    public static string Canonical(string? text, string setting)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
            return "";
        return TryS3(t, setting, out var bucket, out var prefix) ? S3Text(bucket, prefix) : t;
    }

    /// <summary>
    /// True for an <c>s3://</c> URI, with its bucket and prefix ("" for the bucket's root); false for a folder.
    /// Any other <c>scheme://</c> (gs://, http://, s3a://) and a malformed S3 URI throw <see cref="SettingException"/>.
    /// </summary>
    public static bool TryS3(string text, string setting, out string bucket, out string prefix)
    {
        bucket = prefix = "";
        var t = text.Trim();
        var scheme = t.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || !IsSchemeName(t.AsSpan(0, scheme)))
            return false;
        if (!t.StartsWith(S3Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(setting, text, $"'{t[..(scheme + 3)]}' is not a storage AugBuild reads; give a folder path or s3://bucket/prefix");
        }

        var rest = t[S3Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        bucket = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[(slash + 1)..];
        if (BucketProblem(bucket) is { } problem)
            throw Bad(setting, text, problem);
        var segments = path.Split('/');
        if (segments.Length > 0 && segments[^1].Length == 0)
            segments = segments[..^1]; // One trailing slash is the same prefix.
        if (segments.Any(s => s.Length == 0 || s is "." or ".."))
            throw Bad(setting, text, "the prefix has an empty, '.' or '..' segment");
        if (path.Any(char.IsControl) || path.Contains('\\', StringComparison.Ordinal))
            throw Bad(setting, text, "the prefix has a control character or a backslash");
        prefix = string.Join('/', segments);
        return true;
    }

    public static string S3Text(string bucket, string prefix) => prefix.Length == 0 ? S3Scheme + bucket : $"{S3Scheme}{bucket}/{prefix}";

    /// <summary>S3's bucket naming rules (3-63 characters of a-z, 0-9, '.', '-', starting and ending with a letter or digit).</summary>
    private static string? BucketProblem(string bucket)
    {
        if (bucket.Length == 0)
            return "it names no bucket";
        if (bucket.Length is < 3 or > 63)
            return $"the bucket name '{bucket}' is not 3 to 63 characters long";
        if (!bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
            return $"the bucket name '{bucket}' has a character other than a-z, 0-9, '.' and '-'";
        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]) || bucket.Contains("..", StringComparison.Ordinal))
            return $"the bucket name '{bucket}' must start and end with a letter or digit and have no '..'";
        return null;
    }

    // "C:" is a Windows drive, not a scheme: a scheme has two characters or more.
    private static bool IsSchemeName(ReadOnlySpan<char> s) =>
        s.Length >= 2 && char.IsAsciiLetter(s[0]) && !s.ContainsAnyExcept(SchemeCharacters);

    private static readonly System.Buffers.SearchValues<char> SchemeCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    private static SettingException Bad(string setting, string text, string why) =>
        new(SettingErrors.InvalidLocation, $"{setting} '{text}' is not a valid location: {why}. Give a folder path, or s3://bucket/prefix for S3 (e.g. s3://my-bucket/augbuild).", setting);
}
