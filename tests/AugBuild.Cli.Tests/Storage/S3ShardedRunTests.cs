using AugBuild.Cli.Tests.Reliability;
using AugBuild.Engine.Tests.Storage;

namespace AugBuild.Cli.Tests.Storage;

/// <summary>
/// Machines sharing one S3 cache and output: two worker processes featurize disjoint halves of a dataset at the
/// same time into an s3:// cache on a real S3-compatible server (s3rver on loopback), then a third process runs
/// the whole dataset with --out s3://, computing no feature, and publishes objects that are byte-identical to a
/// local single-process run's dataset.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3ShardedRunTests(S3ServerFixture s3) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-s3-shards-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string All => Path.Combine(_dir, "images");

    private string[] Settings => ["--featurizer", "pixels", "--C", "1"];

    [Fact]
    public async Task ShardsOnTwoMachinesFillTheS3CacheAndTheS3RunComputesNothingAndPublishesTheLocalRunsBytes()
    {
        SyntheticImages.WriteDarkLight(All, perClass: 6, side: 8);
        var halves = new[] { Path.Combine(_dir, "shard-0"), Path.Combine(_dir, "shard-1") };
        var files = Directory.GetFiles(All, "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            var target = Path.Combine(halves[i % 2], Path.GetRelativePath(All, files[i]));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(files[i], target);
        }

        var cache = S3ServerFixture.Uri(S3ServerFixture.NewPrefix("shared-cache"));
        using var shard0 = WorkerProcess.Start(["score", "--images", halves[0], "--out", Path.Combine(_dir, "out-0"), "--cache", cache, .. Settings]);
        using var shard1 = WorkerProcess.Start(["score", "--images", halves[1], "--out", Path.Combine(_dir, "out-1"), "--cache", cache, .. Settings]);
        Assert.True(await shard0.WaitForExitAsync(Limit) == 0, shard0.ToString());
        Assert.True(await shard1.WaitForExitAsync(Limit) == 0, shard1.ToString());
        Assert.Contains("featurize 6 images: 6 computed, 0 cached", shard0.Stdout, StringComparison.Ordinal);
        Assert.Contains("featurize 6 images: 6 computed, 0 cached", shard1.Stdout, StringComparison.Ordinal);

        var prefix = S3ServerFixture.NewPrefix("shared-out");
        using var gather = WorkerProcess.Start(["run", "--images", All, "--out", S3ServerFixture.Uri(prefix), "--staging", Path.Combine(_dir, "staging"), "--cache", cache, "--budget", "25%", .. Settings]);
        Assert.True(await gather.WaitForExitAsync(Limit) == 0, gather.ToString());
        Assert.Contains("featurize 12 images: 0 computed, 12 cached", gather.Stdout, StringComparison.Ordinal);

        var local = Path.Combine(_dir, "local");
        var single = await CliRunner.RunAsync(["run", "--images", All, "--out", local, "--cache", Path.Combine(_dir, "local-cache"), "--budget", "25%", .. Settings]);
        Assert.True(single.ExitCode == 0, single.ToString());
        var dataset = Path.Combine(local, "dataset");
        var names = Directory.GetFiles(dataset).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names.Select(n => "dataset/" + n), (await s3.KeysAsync(prefix)).Where(k => k.StartsWith("dataset/", StringComparison.Ordinal)));
        foreach (var name in names)
            Assert.Equal(File.ReadAllBytes(Path.Combine(dataset, name!)), await s3.GetAsync($"{prefix}/dataset/{name}"));
    }
}
