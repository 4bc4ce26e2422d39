using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Settings;
using AugBuild.Engine.Storage;
using AugBuild.Engine.Tests.Reliability;
using AugBuild.Testing.Storage;

namespace AugBuild.Engine.Tests.Storage;

/// <summary>
/// The shared cache and output on a real S3-compatible server (s3rver on loopback), read back with the test's own
/// SDK client: the S3 cache names and writes entries exactly like the local cache and serves them on the next run;
/// a damaged object is a miss warned once; run --out s3:// publishes the bytes a local run writes, manifest last.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3StorageTests(S3ServerFixture s3) : IDisposable
{
    private readonly PipelineFixture _f = new(perClass: 8);

    public void Dispose() => _f.Dispose();

    private static List<string> Sorted(params string[] names) => [.. names.Order(StringComparer.Ordinal)];

    private FeaturizationSettings Featurization(string cache) =>
        FeaturizationSettings.Default with { Featurizer = "pixels:8:gray", CacheDir = cache, Device = "cpu" };

    [Fact]
    public async Task ASecondRunOnTheS3CacheComputesNothingAndItsObjectsAreTheLocalCachesFilesByteForByte()
    {
        var prefix = S3ServerFixture.NewPrefix("cache");
        var dataset = DatasetLoader.Load(_f.Images, NullReporter.Instance);

        var first = DatasetFeatures.Compute(dataset, Featurization(S3ServerFixture.Uri(prefix)), false, NullReporter.Instance, CancellationToken.None);
        var second = DatasetFeatures.Compute(dataset, Featurization(S3ServerFixture.Uri(prefix)), false, NullReporter.Instance, CancellationToken.None);
        var local = DatasetFeatures.Compute(dataset, Featurization(_f.Cache), false, NullReporter.Instance, CancellationToken.None);

        Assert.Equal((16, 0), (first.Computed, first.Cached));
        Assert.Equal((0, 16), (second.Computed, second.Cached));
        Assert.Equal(local.Rows, second.Rows);

        // --verify-cache 100 recomputes every hit the lookup stage found and compares it.
        var verifying = new CollectingReporter();
        var verified = DatasetFeatures.Compute(dataset, Featurization(S3ServerFixture.Uri(prefix)) with { VerifyCache = CacheVerification.Of(100) }, false, verifying, CancellationToken.None);
        Assert.Equal((16, 0), (verified.Computed, verified.Cached)); // sampled hits are recomputed, not served
        Assert.Contains(verifying.Infos, i => i.Contains("16 cached entries recomputed and verified", StringComparison.Ordinal));

        // Same key, same name: every file of the local cache is an object under the prefix with the same bytes.
        var files = Directory.EnumerateFiles(_f.Cache, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_f.Cache, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(17, files.Count); // 16 entries and the featurizer's identity.txt
        Assert.Equal(files, await s3.KeysAsync(prefix));
        foreach (var name in files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(_f.Cache, name)), await s3.GetAsync($"{prefix}/{name}"));
    }

    [Fact]
    public async Task ADamagedOrMisplacedObjectIsAMissWarnedOnceAndIsReplaced()
    {
        var prefix = S3ServerFixture.NewPrefix("corrupt");
        var dataset = DatasetLoader.Load(_f.Images, NullReporter.Instance);
        var settings = Featurization(S3ServerFixture.Uri(prefix));
        DatasetFeatures.Compute(dataset, settings, false, NullReporter.Instance, CancellationToken.None);
        var entries = (await s3.KeysAsync(prefix)).Where(k => k.EndsWith(".f32", StringComparison.Ordinal)).ToList();
        var whole = await s3.GetAsync($"{prefix}/{entries[0]}");
        await s3.PutAsync($"{prefix}/{entries[1]}", whole[..^5]); // truncated
        await s3.PutAsync($"{prefix}/{entries[2]}", whole); // another image's entry under this name

        var reporter = new CollectingReporter();
        var again = DatasetFeatures.Compute(dataset, settings, false, reporter, CancellationToken.None);
        var third = DatasetFeatures.Compute(dataset, settings, false, NullReporter.Instance, CancellationToken.None);

        Assert.Equal((2, 14), (again.Computed, again.Cached));
        Assert.Single(reporter.Warnings, w => w.Code == FeaturizationErrors.CorruptCacheEntry);
        Assert.Contains(S3ServerFixture.Uri(prefix), reporter.Warnings.Single().Message, StringComparison.Ordinal);
        Assert.Equal((0, 16), (third.Computed, third.Cached));
        Assert.NotEqual(whole, await s3.GetAsync($"{prefix}/{entries[2]}"));
    }

    [Fact]
    public async Task RunWithAnS3OutPublishesTheBytesOfALocalRunWithTheManifestListingThem()
    {
        await RunPipeline.RunAsync(_f.Request(), NullReporter.Instance);
        var prefix = S3ServerFixture.NewPrefix("out");
        var request = _f.Request() with
        {
            OutputDir = S3ServerFixture.Uri(prefix),
            StagingDir = Path.Combine(_f.Root, "staging"),
            Featurization = Featurization(S3ServerFixture.Uri(S3ServerFixture.NewPrefix("runcache"))),
        };
        var reporter = new CollectingReporter();

        var outcome = await RunPipeline.RunAsync(request, reporter);

        var datasetFiles = Directory.GetFiles(_f.DatasetDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("README.md", datasetFiles);
        Assert.Contains(datasetFiles, n => n!.EndsWith(".parquet", StringComparison.Ordinal));
        List<string> published = [.. datasetFiles.Select(n => "dataset/" + n), ScoreStage.ScoresFileName, SelectStage.SelectionFileName];
        Assert.Equal([.. published.Append(DatasetPublisher.ManifestName).Order(StringComparer.Ordinal)], await s3.KeysAsync(prefix));
        foreach (var name in datasetFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(_f.DatasetDir, name!)), await s3.GetAsync($"{prefix}/dataset/{name}"));
        Assert.Equal($"{S3ServerFixture.Uri(prefix)}/dataset", outcome.Published);

        // The scores record the cache as its URI, so select --update reopens the same S3 cache.
        var scores = await AugBuild.Engine.Tables.ParquetTable.ReadAsync<AugBuild.Engine.Tables.ScoreRow>(Path.Combine(request.StagingDir!, ScoreStage.ScoresFileName), CancellationToken.None);
        Assert.Equal(request.Featurization.CacheDir, scores.Metadata[ScoreMetadata.Cache]);

        var manifest = PublishManifest.TryParse(await s3.GetAsync($"{prefix}/{DatasetPublisher.ManifestName}"))!;
        Assert.Equal(published.Order(StringComparer.Ordinal), manifest.Objects.Select(o => o.Name));
        foreach (var o in manifest.Objects)
        {
            var bytes = await s3.GetAsync($"{prefix}/{o.Name}");
            Assert.Equal((o.Size, o.Hash), (bytes.LongLength, ContentHash.OfBytes(bytes)));
        }

        // A rerun reuses every stage and finds the published objects current: nothing is uploaded.
        var rerun = new CollectingReporter();
        await RunPipeline.RunAsync(request, rerun);
        Assert.Contains(rerun.Infos, i => i.StartsWith($"publish: {published.Count} objects unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARepublishReplacesOnlyItsOwnObjectsAndNeverOverwritesAnotherOne()
    {
        var prefix = S3ServerFixture.NewPrefix("own");
        var target = StorageLocation.Parse(S3ServerFixture.Uri(prefix), "--out");
        var local = Path.Combine(_f.Root, "publish");
        foreach (var name in new[] { "a.parquet", "b.parquet", "c.parquet", "d.parquet" })
        {
            Directory.CreateDirectory(local);
            File.WriteAllText(Path.Combine(local, name), name + " v1");
        }

        await DatasetPublisher.PublishAsync(local, ["a.parquet", "b.parquet"], target, NullReporter.Instance);
        await s3.PutAsync($"{prefix}/notes.txt", "mine"u8.ToArray());
        await s3.PutAsync($"{prefix}/c.parquet", "someone else's"u8.ToArray());

        var refused = await Assert.ThrowsAsync<AugBuildException>(() => DatasetPublisher.PublishAsync(local, ["a.parquet", "c.parquet"], target, NullReporter.Instance));
        Assert.Equal(StorageErrors.ForeignObject, refused.Code);
        Assert.Contains($"{S3ServerFixture.Uri(prefix)}/c.parquet", refused.Message, StringComparison.Ordinal);
        Assert.Equal("someone else's"u8.ToArray(), await s3.GetAsync($"{prefix}/c.parquet"));
        Assert.Equal(Sorted("a.parquet", "b.parquet", "c.parquet", DatasetPublisher.ManifestName, "notes.txt"), await s3.KeysAsync(prefix));

        File.WriteAllText(Path.Combine(local, "a.parquet"), "a v2");
        var reporter = new CollectingReporter();
        await DatasetPublisher.PublishAsync(local, ["a.parquet", "d.parquet"], target, reporter);

        // b was AugBuild's and is no longer published: removed. c and notes.txt were never AugBuild's: kept, and named.
        Assert.Equal(Sorted("a.parquet", "c.parquet", "d.parquet", DatasetPublisher.ManifestName, "notes.txt"), await s3.KeysAsync(prefix));
        Assert.Equal("a v2"u8.ToArray(), await s3.GetAsync($"{prefix}/a.parquet"));
        Assert.Contains(reporter.Infos, i => i.Contains("c.parquet", StringComparison.Ordinal) && i.Contains("did not write", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APublishKilledBeforeItsManifestLeavesNoManifestAndTheNextOneCompletesIt()
    {
        var prefix = S3ServerFixture.NewPrefix("killed");
        var target = StorageLocation.Parse(S3ServerFixture.Uri(prefix), "--out");
        var local = Directory.CreateDirectory(Path.Combine(_f.Root, "killed")).FullName;
        File.WriteAllText(Path.Combine(local, "a.parquet"), "a");
        await DatasetPublisher.PublishAsync(local, ["a.parquet"], target, NullReporter.Instance);

        // What a kill after the uploads leaves: the intent naming the new object, the object, no manifest.
        var intent = new PublishManifest { Objects = [new PublishedObject("a.parquet", 1, "x"), new PublishedObject("e.parquet", 1, "x")] };
        await s3.PutAsync($"{prefix}/{DatasetPublisher.IntentName}", intent.ToBytes());
        await s3.Client.DeleteObjectAsync(S3ServerFixture.Bucket, $"{prefix}/{DatasetPublisher.ManifestName}");
        await s3.PutAsync($"{prefix}/e.parquet", "half"u8.ToArray());

        File.WriteAllText(Path.Combine(local, "e.parquet"), "e");
        await DatasetPublisher.PublishAsync(local, ["e.parquet"], target, NullReporter.Instance);

        Assert.Equal(Sorted(DatasetPublisher.ManifestName, "e.parquet"), await s3.KeysAsync(prefix));
        Assert.Equal("e"u8.ToArray(), await s3.GetAsync($"{prefix}/e.parquet"));
    }

    [Fact]
    public async Task AStoreThatFailsDuringTheRunIsAMissAndAnUncachedFeatureEachWarnedOnceNotAFailure()
    {
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
        try
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"); // the store went away after the run's check
            var reporter = new CollectingReporter();
            var cache = new FeatureCache(new S3Store(StorageLocation.Parse(S3ServerFixture.Uri("gone"), "--cache"), "--cache"), reporter);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 3; i++)
                Assert.Null(await cache.TryGetAsync($"xxh128:{i}", "id", 0));
            var perFailure = clock.Elapsed / 3;
            clock.Restart();
            for (var i = 3; i < 50; i++)
                Assert.Null(await cache.TryGetAsync($"xxh128:{i}", "id", 0));
            var afterGivingUp = clock.Elapsed;
            for (var i = 0; i < 3; i++)
            {
                cache.Put($"xxh128:{i}", "id", [1, 2]);
                await cache.FlushAsync(); // one at a time, so the third failure is counted before the fourth put
            }

            cache.Put("xxh128:4", "id", [3, 4]);
            await cache.FlushAsync();

            Assert.Equal(50, cache.Misses);
            Assert.True(afterGivingUp < perFailure, $"47 reads after giving up took {afterGivingUp}, one failing read {perFailure}: the store was still asked");
            Assert.Single(reporter.Warnings, w => w.Code == StorageErrors.CacheReadFailed);
            Assert.Single(reporter.Warnings, w => w.Code == FeaturizationErrors.CacheWriteFailed);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", endpoint);
        }
    }

    [Theory]
    [InlineData("s3://Bad_Bucket/x")]
    [InlineData("s3://")]
    [InlineData("s3://ab/x")]
    [InlineData("s3://bucket//x")]
    [InlineData("gs://bucket/x")]
    public void AMalformedLocationIsAnErrorNamingTheSetting(string text)
    {
        var e = Assert.Throws<AugBuildException>(() => StorageLocation.Parse(text, "--cache"));
        Assert.Equal(StorageErrors.InvalidLocation, e.Code);
        Assert.StartsWith($"--cache '{text}' is not a valid location", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingBucketFailsTheRunBeforeAnythingIsWritten()
    {
        var cache = _f.Request() with { Featurization = Featurization("s3://no-such-bucket/cache") };
        var output = _f.Request() with { OutputDir = "s3://no-such-bucket/out", StagingDir = Path.Combine(_f.Root, "staging") };

        var a = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(cache, NullReporter.Instance));
        var b = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(output, NullReporter.Instance));

        Assert.Equal((StorageErrors.NoSuchBucket, StorageErrors.NoSuchBucket), (a.Code, b.Code));
        Assert.Contains("--cache 's3://no-such-bucket/cache'", a.Message, StringComparison.Ordinal);
        Assert.Contains("--out 's3://no-such-bucket/out'", b.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_f.Out));
        Assert.False(Directory.Exists(Path.Combine(_f.Root, "staging")));
    }

    [Fact]
    public async Task WrongCredentialsAndAnEndpointThatIsDownAreCodedErrors()
    {
        var request = _f.Request() with { Featurization = Featurization(S3ServerFixture.Uri("denied")) };
        var keyId = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
        try
        {
            // s3rver checks the key id (it does not verify SigV4 signatures): an unknown one is refused with 403.
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "NOTAKEY");
            var denied = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(request, NullReporter.Instance));
            Assert.Equal(StorageErrors.AccessDenied, denied.Code);
            Assert.Contains("InvalidAccessKeyId", denied.Message, StringComparison.Ordinal);

            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", keyId);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"); // discard port: nothing listens
            var down = await Assert.ThrowsAsync<AugBuildException>(() => RunPipeline.RunAsync(request, NullReporter.Instance));
            Assert.Equal(StorageErrors.Unreachable, down.Code);
            Assert.Contains("http://127.0.0.1:9 (from AWS_ENDPOINT_URL_S3)", down.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", keyId);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_S3", endpoint);
        }

        Assert.False(Directory.Exists(_f.Out));
    }
}
