using Amazon.Runtime;
using Amazon.S3;

namespace AugBuild.Engine.Storage;

/// <summary>
/// The one S3 client of the process, configured the way the AWS CLI is: credentials and region from the standard
/// environment variables, profile or instance role; an endpoint from <c>AWS_ENDPOINT_URL_S3</c> (or
/// <c>AWS_ENDPOINT_URL</c>) for S3-compatible stores (MinIO, Ceph, s3rver), which then get path-style addressing,
/// checksums only where an operation requires them and unchunked uploads, the subset such stores implement.
/// </summary>
internal sealed class S3Connection
{
    public const string EndpointVariable = "AWS_ENDPOINT_URL_S3";
    public const string GenericEndpointVariable = "AWS_ENDPOINT_URL";

    /// <summary>Parallel requests the cache and the publisher keep in flight: round trips overlap instead of queueing.</summary>
    public const int Concurrency = 32;

    private static readonly Lock Gate = new();
    private static S3Connection? _current;

    private S3Connection(string? endpoint, (string Id, string Secret, string? Token)? keys)
    {
        Endpoint = endpoint;
        _keys = keys;
        var config = new AmazonS3Config { MaxConnectionsPerServer = Concurrency * 2 };
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            config.AuthenticationRegion = Region() ?? "us-east-1";
        }

        Config = config;
    }

    private readonly (string Id, string Secret, string? Token)? _keys;

    /// <summary>The endpoint override, or null for AWS's own.</summary>
    public string? Endpoint { get; }

    /// <summary>An S3-compatible store: uploads are sent unchunked.</summary>
    public bool IsCompatibleStore => Endpoint is not null;

    public AmazonS3Config Config { get; }

    /// <summary>Where requests go, for messages.</summary>
    public string Describe() => Endpoint is null ? "AWS S3" : $"the endpoint {Endpoint} (from {EndpointVariableInUse()})";

    /// <summary>The connection for the current environment; a new one when the endpoint variables changed (tests set them).</summary>
    public static S3Connection Current()
    {
        var endpoint = EndpointFromEnvironment();
        var keys = KeysFromEnvironment();
        lock (Gate)
        {
            if (_current is null || _current.Endpoint != endpoint || _current._keys != keys)
                _current = new S3Connection(endpoint, keys);
            return _current;
        }
    }

    /// <summary>
    /// A client; creating one resolves the region and may fail with the SDK's own error (mapped by <see cref="S3Failures"/>).
    /// Keys in the environment are read here, each time (the SDK's default chain keeps the first it found for the
    /// process); without them the SDK's chain (profile, SSO, container or instance role) decides.
    /// </summary>
    public AmazonS3Client CreateClient() => _keys is { } k
        ? new AmazonS3Client(k.Token is null ? new BasicAWSCredentials(k.Id, k.Secret) : new SessionAWSCredentials(k.Id, k.Secret, k.Token), Config)
        : new AmazonS3Client(Config);

    private static (string Id, string Secret, string? Token)? KeysFromEnvironment()
    {
        var id = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        var token = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");
        return string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(secret) ? null : (id.Trim(), secret.Trim(), string.IsNullOrWhiteSpace(token) ? null : token.Trim());
    }

    private static string? EndpointFromEnvironment()
    {
        var e = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(e))
            e = Environment.GetEnvironmentVariable(GenericEndpointVariable);
        return string.IsNullOrWhiteSpace(e) ? null : e.Trim();
    }

    private static string EndpointVariableInUse() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable)) ? GenericEndpointVariable : EndpointVariable;

    private static string? Region()
    {
        var r = Environment.GetEnvironmentVariable("AWS_REGION");
        if (string.IsNullOrWhiteSpace(r))
            r = Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        return string.IsNullOrWhiteSpace(r) ? null : r.Trim();
    }
}
