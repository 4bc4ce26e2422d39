using AugBuild.Engine.Settings;
using AugBuild.Settings;

namespace AugBuild.Engine.Storage;

/// <summary>
/// Where a cache or an output lives: a local (or NFS-mounted) folder, or an S3 bucket and key prefix. Parsed once
/// from a setting's text by the shared <see cref="LocationGrammar"/>; object names below it are '/'-separated.
/// </summary>
public sealed record StorageLocation
{
    private StorageLocation(string? folder, string bucket, string prefix)
    {
        Folder = folder;
        Bucket = bucket;
        Prefix = prefix;
    }

    /// <summary>The full path of a folder location; null for S3.</summary>
    public string? Folder { get; }

    /// <summary>The S3 bucket; "" for a folder.</summary>
    public string Bucket { get; }

    /// <summary>The key prefix inside the bucket, without leading or trailing '/'; "" for the bucket's root.</summary>
    public string Prefix { get; }

    public bool IsS3 => Folder is null;

    /// <summary>The location a setting names (AUG2610 for a bad S3 URI or another scheme).</summary>
    public static StorageLocation Parse(string text, string setting) =>
        SettingParse.Run(() => LocationGrammar.TryS3(text, setting, out var bucket, out var prefix)
            ? new StorageLocation(null, bucket, prefix)
            : new StorageLocation(Path.GetFullPath(text), "", ""));

    /// <summary>Whether a setting's text names S3 (without validating it further).</summary>
    public static bool IsS3Text(string? text) => text?.Trim().StartsWith(LocationGrammar.S3Scheme, StringComparison.OrdinalIgnoreCase) == true;

    public static StorageLocation OfFolder(string folder) => new(Path.GetFullPath(folder), "", "");

    public static StorageLocation OfS3(string bucket, string prefix) => new(null, bucket, prefix.Trim('/'));

    /// <summary>The location of <paramref name="relative"/> ('/'-separated) below this one.</summary>
    public StorageLocation Child(string relative) => IsS3
        ? new StorageLocation(null, Bucket, Key(relative))
        : new StorageLocation(Path.GetFullPath(Path.Combine(Folder!, relative)), "", "");

    /// <summary>The S3 key of an object name below this location.</summary>
    public string Key(string name)
    {
        var n = name.Replace('\\', '/').Trim('/');
        return Prefix.Length == 0 ? n : n.Length == 0 ? Prefix : $"{Prefix}/{n}";
    }

    /// <summary>Where an object is, as a user would write it: the file's path, or its s3:// URI.</summary>
    public string Describe(string name) => IsS3
        ? LocationGrammar.S3Text(Bucket, Key(name))
        : Path.Combine(Folder!, name.Replace('/', Path.DirectorySeparatorChar));

    public override string ToString() => IsS3 ? LocationGrammar.S3Text(Bucket, Prefix) : Folder!;
}
