using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace AugBuild.Testing.Storage;

/// <summary>
/// A real S3-compatible server (the npm package s3rver, installed in tests/tools/s3rver by .ci/run or here with
/// npm ci) on a free loopback port, with one bucket. While it runs the process's AWS variables point at it, as a
/// user's would (AWS_ENDPOINT_URL_S3, S3RVER's fixed keys); they are restored and the server is stopped by its
/// PID at the end. <see cref="Client"/> is an SDK client of the test's own, to read back what AugBuild wrote.
/// Shared by the test projects; each declares its own xUnit collection of it (<c>S3Collection</c>: xUnit finds
/// collection definitions only in the test assembly), so one server serves every S3 test of a project.
/// </summary>
public sealed class S3ServerFixture : IDisposable
{
    public const string Bucket = "augbuild-test";
    private const string Key = "S3RVER"; // s3rver's built-in access key and secret.

    private static readonly string[] Variables =
        ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_PROFILE", "AWS_EC2_METADATA_DISABLED"];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly Process _server;

    public S3ServerFixture()
    {
        var tool = Path.Combine(RepositoryRoot.Path, "tests", "tools", "s3rver");
        var script = Path.Combine(tool, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            Run("npm", ["ci", "--no-audit", "--no-fund"], tool);
        if (!File.Exists(script))
            throw new InvalidOperationException($"s3rver is not installed in {tool}; run 'npm ci' there (.ci/run does).");

        DataFolder = Directory.CreateTempSubdirectory("augbuild-s3rver-").FullName;
        Port = FreePort();
        Endpoint = $"http://127.0.0.1:{Port}";
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // s3rver encrypts its list continuation tokens with a cipher that OpenSSL 3 keeps in its legacy provider.
        foreach (var a in new[] { "--openssl-legacy-provider", script, "-d", DataFolder, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--configure-bucket", Bucket })
            start.ArgumentList.Add(a);
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, e) => { lock (Log) Log.AppendLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { lock (Log) Log.AppendLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        WaitUntilListening();

        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", Endpoint);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", null);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", Key);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", Key);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true"); // Never ask an instance-metadata address.

        Client = new AmazonS3Client(new BasicAWSCredentials(Key, Key), new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public int Port { get; }

    public string Endpoint { get; }

    /// <summary>s3rver's own folder, where it keeps each object as files.</summary>
    public string DataFolder { get; }

    public AmazonS3Client Client { get; }

    /// <summary>A prefix no other test uses.</summary>
    public static string NewPrefix(string name) => $"{name}-{Guid.NewGuid():N}";

    public static string Uri(string prefix) => $"s3://{Bucket}/{prefix}";

    /// <summary>Every key below <paramref name="prefix"/>, relative to it.</summary>
    public async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var o in Client.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix + "/" }).S3Objects)
            keys.Add(o.Key[(prefix.Length + 1)..]);
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public async Task<byte[]> GetAsync(string key)
    {
        using var response = await Client.GetObjectAsync(Bucket, key);
        using var memory = new MemoryStream();
        await response.ResponseStream.CopyToAsync(memory);
        return memory.ToArray();
    }

    public Task PutAsync(string key, byte[] bytes) =>
        Client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });

    /// <summary>What the server printed (its request log), for a failing test's diagnosis.</summary>
    public System.Text.StringBuilder Log { get; } = new();

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("AUGBUILD_S3RVER_LOG") is { Length: > 0 } logFile)
            File.WriteAllText(logFile, Log.ToString());
        Client.Dispose();
        foreach (var (name, value) in _saved)
            Environment.SetEnvironmentVariable(name, value);
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }

        _server.Dispose();
        Directory.Delete(DataFolder, recursive: true);
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_server.HasExited)
                throw new InvalidOperationException($"s3rver exited with code {_server.ExitCode} before it listened on port {Port}.");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new TimeoutException($"s3rver did not listen on 127.0.0.1:{Port} within 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string[] args, string folder)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(start)!;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit(300_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // npm is not on the PATH: the caller reports the missing server.
        }
    }
}
