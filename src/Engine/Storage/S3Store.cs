using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Storage;

/// <summary>
/// Objects as keys below an S3 prefix, through the AWS SDK for .NET (<see cref="S3Connection"/> says how it is
/// configured). A PUT is atomic in S3: readers see the old object or the whole new one. Every failure of the store
/// is a coded <see cref="AugBuildException"/> (<see cref="S3Failures"/>) naming <see cref="Setting"/>.
/// </summary>
public sealed class S3Store : IObjectStore, IDisposable
{
    private readonly S3Connection _connection;
    private readonly AmazonS3Client _client;

    public S3Store(StorageLocation location, string setting)
    {
        if (!location.IsS3)
            throw new ArgumentException("An S3 store needs an s3:// location.", nameof(location));
        Location = location;
        Setting = setting;
        _connection = S3Connection.Current();
        try
        {
            _client = _connection.CreateClient();
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e))
        {
            throw S3Failures.Map(e, location, setting, _connection);
        }
    }

    public StorageLocation Location { get; }

    /// <summary>The setting the location came from, named in errors.</summary>
    public string Setting { get; }

    public bool IsRemote => true;

    public async Task<ObjectRead> ReadAsync(string name, long maxBytes, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _client.GetObjectAsync(Location.Bucket, Location.Key(name), cancellationToken).ConfigureAwait(false);
            if (response.ContentLength > maxBytes)
                return ObjectRead.NotAnObject;
            var bytes = new byte[response.ContentLength];
            await response.ResponseStream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return new ObjectRead(ObjectStatus.Found, bytes);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return ObjectRead.Missing;
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Map(e);
        }
    }

    public Task WriteAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        PutAsync(new PutObjectRequest { Key = Location.Key(name), InputStream = new MemoryStream(bytes.ToArray(), writable: false) }, cancellationToken);

    public Task UploadFileAsync(string name, string localFile, CancellationToken cancellationToken = default) =>
        PutAsync(new PutObjectRequest { Key = Location.Key(name), FilePath = localFile }, cancellationToken);

    public async Task<bool> DownloadFileAsync(string name, string localFile, CancellationToken cancellationToken = default)
    {
        var temp = $"{localFile}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var response = await _client.GetObjectAsync(Location.Bucket, Location.Key(name), cancellationToken).ConfigureAwait(false))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await response.ResponseStream.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, localFile, overwrite: true);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e) && e is not IOException && !cancellationToken.IsCancellationRequested)
        {
            throw Map(e);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.GetObjectMetadataAsync(Location.Bucket, Location.Key(name), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Map(e);
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string under, CancellationToken cancellationToken = default)
    {
        var root = Location.Prefix.Length == 0 ? "" : Location.Prefix + "/";
        var request = new ListObjectsV2Request { BucketName = Location.Bucket, Prefix = under.Length == 0 ? root : Location.Key(under) + "/" };
        var names = new List<string>();
        try
        {
            await foreach (var o in _client.Paginators.ListObjectsV2(request).S3Objects.WithCancellation(cancellationToken).ConfigureAwait(false))
                names.Add(o.Key[root.Length..]);
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Map(e);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.DeleteObjectAsync(Location.Bucket, Location.Key(name), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Map(e);
        }
    }

    /// <summary>One LIST of at most one key: proves the credentials, the bucket and the endpoint before any work.</summary>
    public async Task CheckAccessAsync(string setting, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = Location.Bucket, Prefix = Location.Prefix.Length == 0 ? "" : Location.Prefix + "/", MaxKeys = 1 },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw S3Failures.Map(e, Location, setting, _connection);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task PutAsync(PutObjectRequest request, CancellationToken cancellationToken)
    {
        request.BucketName = Location.Bucket;

        // S3-compatible stores implement the plain signed upload, not aws-chunked streaming.
        request.UseChunkEncoding = !_connection.IsCompatibleStore;
        try
        {
            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (S3Failures.IsStoreFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            throw Map(e);
        }
        finally
        {
            request.InputStream?.Dispose();
        }
    }

    private AugBuildException Map(Exception e) => S3Failures.Map(e, Location, Setting, _connection);
}
