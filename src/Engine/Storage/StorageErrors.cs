namespace AugBuild.Engine.Storage;

/// <summary>AUG2610-AUG2619 and AUG6610-AUG6619: shared storage (an S3 cache or output) and publishing to it (docs/errors.md).</summary>
public static class StorageErrors
{
    /// <summary>A location is not a folder path or a valid s3://bucket/prefix (the grammar's code).</summary>
    public const string InvalidLocation = AugBuild.Settings.SettingErrors.InvalidLocation;

    /// <summary>No AWS credentials were found for an s3:// location (environment, profile, or instance role).</summary>
    public const string NoCredentials = "AUG2611";

    /// <summary>The bucket of an s3:// location does not exist.</summary>
    public const string NoSuchBucket = "AUG2612";

    /// <summary>The credentials may not read or write the s3:// location.</summary>
    public const string AccessDenied = "AUG2613";

    /// <summary>The S3 endpoint cannot be reached or answers with an error the SDK's retries did not clear.</summary>
    public const string Unreachable = "AUG2614";

    /// <summary>Warning: entries of an s3:// feature cache could not be read; those features are recomputed.</summary>
    public const string CacheReadFailed = "AUG2615";

    /// <summary>Publishing would overwrite an object AugBuild did not write (no manifest of a publish lists it).</summary>
    public const string ForeignObject = "AUG6611";

    /// <summary>The location's _augbuild-manifest.json (or _augbuild-publishing.json) is not one AugBuild wrote: nothing is published over it.</summary>
    public const string BadManifest = "AUG6612";
}
