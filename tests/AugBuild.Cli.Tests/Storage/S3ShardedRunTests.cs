using System.Globalization;
using System.Text.RegularExpressions;
using AugBuild.Cli.Tests.Reliability;
using AugBuild.Testing.Storage;

namespace AugBuild.Cli.Tests.Storage;

/// <summary>
/// A sharded run whose shared cache and output are S3, on a real S3-compatible server (s3rver on loopback): three
/// featurize shards as processes (--shard auto/3, the index in JOB_COMPLETION_INDEX as a Kubernetes Indexed Job
/// sets it) fill one s3:// cache at the same time; score computes no feature; the materialize shards upload their
/// parts below the s3:// out; gather checks them and publishes the dataset, whose objects must be the bytes of a
/// local single-process <c>augbuild run</c>. A part missing on S3 is AUG5510 naming it; a shard killed with SIGKILL
/// leaves no object, and its rerun completes the same dataset.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class S3ShardedRunTests(S3ServerFixture s3) : IDisposable
{
    private const int Shards = 3;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly string[] Featurizer = ["--featurizer", "pixels:12:gray", "--device", "cpu"];
    private static readonly string[] Output = ["--transforms", "rotate:-10,10;translate", "--shard-size", "32KB"];
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-s3-shards-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Images => Path.Combine(_dir, "images");

    private static Dictionary<string, string?> Index(int i) => new() { ["JOB_COMPLETION_INDEX"] = i.ToString(CultureInfo.InvariantCulture) };

    /// <summary>The given shards as processes at the same time, each finding its index in the environment.</summary>
    /// <returns>Each shard's standard output.</returns>
    private static async Task<List<string>> RunShardsAsync(IEnumerable<int> indices, string[] args)
    {
        var outputs = new List<string>();
        var workers = indices.Select(i => (i, WorkerProcess.Start(Index(i), args))).ToList();
        try
        {
            foreach (var (i, worker) in workers)
            {
                var code = await worker.WaitForExitAsync(Limit);
                Assert.True(code == 0, $"shard {i}: exit {code}\n{worker}");
                Assert.Contains($"shard {i}/{Shards} (JOB_COMPLETION_INDEX", worker.Stdout, StringComparison.Ordinal);
                outputs.Add(worker.Stdout);
            }
        }
        finally
        {
            foreach (var (_, worker) in workers) worker.Dispose();
        }

        return outputs;
    }

    [Fact]
    public async Task ShardsShareAnS3CacheAndOutputAndTheGatheredObjectsAreTheSingleRunsBytes()
    {
        SyntheticImages.WriteDarkLight(Images, perClass: 30, side: 24);
        var local = Path.Combine(_dir, "local");
        var single = await CliRunner.RunAsync(["run", "--images", Images, "--out", local, "--cache", Path.Combine(_dir, "local-cache"), "--budget", "25%", "--seed", "3", .. Featurizer, .. Output]);
        Assert.True(single.ExitCode == 0, single.ToString());

        // Map: featurize shards into one s3:// cache; reduce: score reads every feature from it.
        var cache = S3ServerFixture.Uri(S3ServerFixture.NewPrefix("shared-cache"));
        var featurized = await RunShardsAsync(Enumerable.Range(0, Shards), ["featurize", "--images", Images, "--cache", cache, "--shard", $"auto/{Shards}", .. Featurizer]);
        // Disjoint shards that cover the images: each computes its own members' features, and together all 60.
        var computed = featurized.Select(o => Regex.Match(o, @"featurize shard \d/3 \(JOB_COMPLETION_INDEX .*?\): (\d+) of 60 images, (\d+) computed, 0 cached")).ToList();
        Assert.All(computed, m => Assert.True(m.Success && m.Groups[1].Value == m.Groups[2].Value && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0, string.Join("\n", featurized)));
        Assert.Equal(60, computed.Sum(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        var scored = Path.Combine(_dir, "scored");
        var score = await CliRunner.RunAsync(["score", "--images", Images, "--out", scored, "--cache", cache, .. Featurizer]);
        Assert.True(score.ExitCode == 0, score.ToString());
        Assert.Contains("featurize 60 images: 0 computed, 60 cached", score.Stdout, StringComparison.Ordinal);
        var select = await CliRunner.RunAsync(["select", "--scores", Path.Combine(scored, "scores.parquet"), "--out", scored, "--budget", "25%", "--seed", "3", "--transforms", Output[1]]);
        Assert.True(select.ExitCode == 0, select.ToString());

        // Map: materialize shards upload their parts below the s3:// out; one is still missing.
        var prefix = S3ServerFixture.NewPrefix("shared-out");
        var outUri = S3ServerFixture.Uri(prefix);
        string[] materialize = ["materialize", "--images", Images, "--selection", Path.Combine(scored, "selection.parquet"), "--out", outUri, "--shard", $"auto/{Shards}", .. Output];
        await RunShardsAsync([0, 2], materialize);
        Assert.Equal([".augbuild/parts/part-00000-of-00003.augpart", ".augbuild/parts/part-00002-of-00003.augpart"], await s3.KeysAsync(prefix));

        var staging = Path.Combine(_dir, "staging");
        var missing = await CliRunner.RunAsync("gather", "--out", outUri, "--staging", staging);
        Assert.Equal(1, missing.ExitCode);
        var error = Assert.Single(OutputCheck.Errors(missing.Stderr));
        Assert.Equal("AUG5510", error.Code);
        Assert.Contains("1 of 3 parts are missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("part-00001-of-00003", error.Message, StringComparison.Ordinal);
        Assert.Contains(outUri, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await s3.KeysAsync(prefix), k => k.StartsWith("dataset/", StringComparison.Ordinal));

        // The missing shard runs (a retried pod), then gather publishes the dataset and deletes the parts.
        await RunShardsAsync([1], materialize);
        var gather = await CliRunner.RunAsync("gather", "--out", outUri, "--staging", staging);
        Assert.True(gather.ExitCode == 0, gather.ToString());
        Assert.Contains("gather: 3 parts", gather.Stdout, StringComparison.Ordinal);
        Assert.Contains($"published to {outUri}/dataset", gather.Stdout, StringComparison.Ordinal);

        var dataset = Path.Combine(local, "dataset");
        var names = Directory.GetFiles(dataset).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(names.Count(n => n!.EndsWith(".parquet", StringComparison.Ordinal)) > 1, "the test needs a dataset of several Parquet shards");
        var keys = await s3.KeysAsync(prefix);
        Assert.Equal(names.Select(n => "dataset/" + n), keys.Where(k => k.StartsWith("dataset/", StringComparison.Ordinal)));
        Assert.DoesNotContain(keys, k => k.StartsWith(".augbuild/parts/", StringComparison.Ordinal));
        Assert.Contains("_augbuild-manifest.json", keys);
        foreach (var name in names)
        {
            var published = await s3.GetAsync($"{prefix}/dataset/{name}");
            Assert.True(File.ReadAllBytes(Path.Combine(dataset, name!)).AsSpan().SequenceEqual(published), $"{name} differs");
        }
    }

    [Fact]
    public async Task AShardKilledWithSigkillLeavesNoObjectAndItsRerunPublishesTheSingleRunsBytes()
    {
        // Larger images, every one augmented 14 times: shard 1 is still rendering when it is killed. Its part is
        // written to a local temporary and PUT whole, so the bucket must never hold any of it.
        SyntheticImages.WriteDarkLight(Images, perClass: 45, side: 128);
        string[] output = ["--transforms", "rotate", "--shard-size", "64KB"];
        var local = Path.Combine(_dir, "local");
        var single = await CliRunner.RunAsync(["run", "--images", Images, "--out", local, "--cache", Path.Combine(_dir, "local-cache"), "--budget", "100%", "--seed", "3", .. Featurizer, .. output]);
        Assert.True(single.ExitCode == 0, single.ToString());
        var scored = Path.Combine(_dir, "scored");
        var score = await CliRunner.RunAsync(["score", "--images", Images, "--out", scored, "--cache", Path.Combine(_dir, "local-cache"), .. Featurizer]);
        Assert.True(score.ExitCode == 0, score.ToString());
        var select = await CliRunner.RunAsync(["select", "--scores", Path.Combine(scored, "scores.parquet"), "--out", scored, "--budget", "100%", "--seed", "3", "--transforms", output[1]]);
        Assert.True(select.ExitCode == 0, select.ToString());

        var prefix = S3ServerFixture.NewPrefix("killed-out");
        var outUri = S3ServerFixture.Uri(prefix);
        string[] materialize = ["materialize", "--images", Images, "--selection", Path.Combine(scored, "selection.parquet"), "--out", outUri, "--shard", $"auto/{Shards}", .. output];
        await RunShardsAsync([0, 2], materialize);
        using (var worker = WorkerProcess.Start(Index(1), materialize))
        {
            Assert.True(await worker.WaitForLineAsync(l => l.StartsWith("augbuild: materialize ", StringComparison.Ordinal), Limit), worker.ToString());
            worker.Kill();
            Assert.NotEqual(0, await worker.WaitForExitAsync(Limit));
            Assert.DoesNotContain("materialize shard 1/3", worker.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal([".augbuild/parts/part-00000-of-00003.augpart", ".augbuild/parts/part-00002-of-00003.augpart"], await s3.KeysAsync(prefix));

        // The retried shard uploads its whole part; gather publishes the single run's bytes.
        await RunShardsAsync([1], materialize);
        var staging = Path.Combine(_dir, "staging");
        var gather = await CliRunner.RunAsync("gather", "--out", outUri, "--staging", staging);
        Assert.True(gather.ExitCode == 0, gather.ToString());
        var dataset = Path.Combine(local, "dataset");
        foreach (var name in Directory.GetFiles(dataset).Select(Path.GetFileName))
        {
            var published = await s3.GetAsync($"{prefix}/dataset/{name}");
            Assert.True(File.ReadAllBytes(Path.Combine(dataset, name!)).AsSpan().SequenceEqual(published), $"{name} differs");
        }
    }
}
