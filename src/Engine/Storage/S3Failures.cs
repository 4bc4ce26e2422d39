using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Storage;

/// <summary>The SDK's exceptions as coded errors that name the setting, the location and the fix.</summary>
internal static class S3Failures
{
    /// <summary>Whether <paramref name="e"/> is a failure of the store (network, service, credentials) rather than of AugBuild.</summary>
    public static bool IsStoreFailure(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or SocketException or IOException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    public static AugBuildException Map(Exception e, StorageLocation location, string setting, S3Connection connection)
    {
        var where = $"{setting} '{location}'";
        var uri = location.ToString();
        if (e is AmazonS3Exception s3)
        {
            if (s3.ErrorCode == "NoSuchBucket")
            {
                return new AugBuildException(StorageErrors.NoSuchBucket,
                    $"The bucket '{location.Bucket}' of {where} does not exist at {connection.Describe()}. Create it (e.g. 'aws s3 mb s3://{location.Bucket}'), or fix the name.",
                    uri, e);
            }

            if (s3.StatusCode == HttpStatusCode.Forbidden || s3.ErrorCode is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AllAccessDisabled")
            {
                return new AugBuildException(StorageErrors.AccessDenied,
                    $"Access to {where} was denied at {connection.Describe()} ({s3.ErrorCode}: {s3.Message}). Give the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the instance role) " +
                    "s3:ListBucket on the bucket and s3:GetObject, s3:PutObject and s3:DeleteObject on the prefix.",
                    uri, e);
            }
        }

        if (e is AmazonClientException && !(e is AmazonServiceException) && IsCredentialProblem(e))
        {
            return new AugBuildException(StorageErrors.NoCredentials,
                $"No AWS credentials or region for {where}: {FirstLine(e.Message)}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), and AWS_REGION, as for the AWS CLI.",
                uri, e);
        }

        var detail = e is AmazonServiceException service && service.ErrorCode is { Length: > 0 } code
            ? $"{code}: {FirstLine(service.Message)}"
            : FirstLine(Innermost(e).Message);
        return new AugBuildException(StorageErrors.Unreachable,
            $"{where} cannot be used: {connection.Describe()} failed ({detail}). Check the network and the endpoint " +
            $"({S3Connection.EndpointVariable} or {S3Connection.GenericEndpointVariable} for an S3-compatible store), then rerun.",
            uri, e);
    }

    private static bool IsCredentialProblem(Exception e)
    {
        for (var c = e; c is not null; c = c.InnerException)
        {
            if (c.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)
                || c.Message.Contains("RegionEndpoint", StringComparison.OrdinalIgnoreCase)
                || c.Message.Contains("region", StringComparison.OrdinalIgnoreCase) && c.Message.Contains("No ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim().TrimEnd('.');
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
