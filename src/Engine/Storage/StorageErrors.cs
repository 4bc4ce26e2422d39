namespace AugBuild.Engine.Storage;

/// <summary>AUG2610-AUG2619 and AUG6610-AUG6619: shared storage (an S3 cache or output) and publishing to it (docs/errors.md).</summary>
public static class StorageErrors
{
    /// <summary>A location is not a folder path or a valid s3://bucket/prefix (the grammar's code).</summary>
    public const string InvalidLocation = AugBuild.Settings.SettingErrors.InvalidLocation;

    /// <summary>No AWS credentials or region were found for an s3:// location (--cache, --out). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) and AWS_REGION, as for the AWS CLI; on EC2, ECS or EKS a role gives them.</summary>
    public const string NoCredentials = "AUG2611";

    /// <summary>The bucket of an s3:// location (--cache, --out) does not exist at the endpoint. Create it, or fix the name (and AWS_ENDPOINT_URL_S3 for an S3-compatible store).</summary>
    public const string NoSuchBucket = "AUG2612";

    /// <summary>The credentials may not use the s3:// location (403: access denied, an unknown key id, a bad signature). Give them s3:ListBucket on the bucket and s3:GetObject, s3:PutObject and s3:DeleteObject on the prefix.</summary>
    public const string AccessDenied = "AUG2613";

    /// <summary>The S3 endpoint cannot be reached, or answers with an error the SDK's retries did not clear; the message names the endpoint. Check the network and AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, then rerun.</summary>
    public const string Unreachable = "AUG2614";

    /// <summary>Warning: entries of an s3:// feature cache could not be read (after the SDK's retries); those features are recomputed, and the run goes on. Warned once per run.</summary>
    public const string CacheReadFailed = "AUG2615";

    /// <summary>Publishing (run --out s3://...) would overwrite an object AugBuild did not publish there (no manifest or interrupted publish of AugBuild lists it); nothing is uploaded. Move the object away, or publish to another prefix.</summary>
    public const string ForeignObject = "AUG6611";

    /// <summary>The location's _augbuild-manifest.json (or _augbuild-publishing.json) is not one AugBuild wrote: nothing is published over it.</summary>
    public const string BadManifest = "AUG6612";
}
