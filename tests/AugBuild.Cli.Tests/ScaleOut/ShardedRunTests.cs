using AugBuild.Cli.Tests.Reliability;

namespace AugBuild.Cli.Tests.ScaleOut;

/// <summary>
/// A sharded run as real processes, the way a Kubernetes Indexed Job runs it: each shard is a worker process that
/// finds its index in JOB_COMPLETION_INDEX (--shard auto/4), two run at a time; then score, select and gather.
/// The dataset must be the single-process run's, byte for byte.
/// </summary>
public sealed class ShardedRunTests : IDisposable
{
    private const int Shards = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-scale-").FullName;

    public ShardedRunTests() => SyntheticImages.WriteDarkLight(Images, perClass: 60, side: 24);

    private string Images => Path.Combine(_dir, "images");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A small shard size gives the dataset several Parquet shards, so the gather must cut them where run does.
    private string[] Output => ["--transforms", _transforms, "--shard-size", "64KB"];

    private string _transforms = "rotate:-10,10;translate";
    private string _budget = "25%";
    private static readonly string[] Featurizer = ["--featurizer", "pixels:12:gray", "--device", "cpu"];

    private string[] RunArgs(string outDir) =>
        ["run", "--images", Images, "--out", outDir, "--budget", _budget, "--cache", Path.Combine(_dir, "cache-single"), "--seed", "3", .. Featurizer, .. Output];

    private string[] FeaturizeArgs(string cache) => ["featurize", "--images", Images, "--cache", cache, "--shard", "auto/4", .. Featurizer];

    private string[] MaterializeArgs(string outDir) =>
        ["materialize", "--images", Images, "--selection", Path.Combine(outDir, "selection.parquet"), "--out", outDir, "--shard", "auto/4", .. Output];

    private static Dictionary<string, string?> Index(int i) => new() { ["JOB_COMPLETION_INDEX"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>Shards 0..3 as processes, two at a time (like parallelism: 2), each with its index in the environment.</summary>
    private static async Task RunShardsAsync(IEnumerable<int> indices, Func<int, string[]> args)
    {
        foreach (var pair in indices.Chunk(2))
        {
            var workers = pair.Select(i => (i, WorkerProcess.Start(Index(i), args(i)))).ToList();
            try
            {
                foreach (var (i, worker) in workers)
                {
                    var code = await worker.WaitForExitAsync(Timeout);
                    Assert.True(code == 0, $"shard {i}: exit {code}\n{worker}");
                    Assert.Contains($"shard {i}/{Shards} (JOB_COMPLETION_INDEX", worker.Stdout);
                }
            }
            finally
            {
                foreach (var (_, worker) in workers) worker.Dispose();
            }
        }
    }

    private async Task<string> SingleRunAsync()
    {
        var single = Path.Combine(_dir, "single");
        var run = await CliRunner.RunAsync(RunArgs(single));
        Assert.True(run.ExitCode == 0, run.ToString());
        return single;
    }

    /// <summary>featurize x4, score (every feature cached), select; the materialize shards are the caller's.</summary>
    private async Task<string> FeaturizeScoreSelectAsync()
    {
        var outDir = Path.Combine(_dir, "sharded");
        var cache = Path.Combine(_dir, "cache-shared");
        await RunShardsAsync(Enumerable.Range(0, Shards), _ => FeaturizeArgs(cache));

        var score = await CliRunner.RunAsync(["score", "--images", Images, "--out", outDir, "--cache", cache, .. Featurizer]);
        Assert.True(score.ExitCode == 0, score.ToString());
        Assert.Contains("featurize 120 images: 0 computed, 120 cached", score.Stdout);

        var select = await CliRunner.RunAsync(["select", "--scores", Path.Combine(outDir, "scores.parquet"), "--out", outDir, "--budget", _budget, "--seed", "3",
            "--transforms", Output[1]]);
        Assert.True(select.ExitCode == 0, select.ToString());
        return outDir;
    }

    private static void AssertSameDataset(string expectedOut, string actualOut)
    {
        var expected = Path.Combine(expectedOut, "dataset");
        var actual = Path.Combine(actualOut, "dataset");
        var names = Directory.GetFiles(expected).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(names.Count(n => n!.EndsWith(".parquet", StringComparison.Ordinal)) > 1, "the test needs a dataset of several Parquet shards");
        Assert.Equal(names, Directory.GetFiles(actual).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name!))), $"{name} differs");
        Assert.Equal(File.ReadAllText(Path.Combine(expectedOut, ".augbuild", "dataset-files.txt")), File.ReadAllText(Path.Combine(actualOut, ".augbuild", "dataset-files.txt")));
        Assert.Equal(OutputCheck.DatasetRows(expectedOut), OutputCheck.DatasetRows(actualOut));
    }

    private static string PartsFolder(string outDir) => Path.Combine(outDir, ".augbuild", "parts");

    [Fact]
    public async Task FourShardsTwoAtATimeThenGatherWriteTheSingleRunsDatasetByteForByte()
    {
        var single = await SingleRunAsync();
        var outDir = await FeaturizeScoreSelectAsync();

        await RunShardsAsync(Enumerable.Range(0, Shards), _ => MaterializeArgs(outDir));
        Assert.False(Directory.Exists(Path.Combine(outDir, "dataset")), "a materialize shard wrote into the dataset folder");
        Assert.Equal(Enumerable.Range(0, Shards).Select(i => $"part-{i:D5}-of-{Shards:D5}.augpart"),
            Directory.GetFiles(PartsFolder(outDir)).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var gather = await CliRunner.RunAsync("gather", "--out", outDir);
        Assert.True(gather.ExitCode == 0, gather.ToString());
        Assert.Contains("gather: 4 parts", gather.Stdout);
        AssertSameDataset(single, outDir);
        Assert.Empty(Directory.GetFiles(PartsFolder(outDir)));
        Assert.Empty(OutputCheck.Leftovers(outDir));
    }

    [Fact]
    public async Task LaterAndRetriedShardsTakeMembershipFromTheHashIndexAndScoreStillComputesNothing()
    {
        // The first shard hashes every image (no slice of the index exists yet) and writes the index; a retry of it
        // and every later shard read it instead of reading every image again.
        var cache = Path.Combine(_dir, "cache-index");
        string[] Shard(string shard) => ["featurize", "--images", Images, "--cache", cache, "--shard", shard, .. Featurizer];
        var first = await CliRunner.RunAsync(Shard("1/4"));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("120 of 120 files hashed for membership", first.Stdout);
        foreach (var shard in new[] { "1/4", "0/4", "2/4", "3/4" })
        {
            var later = await CliRunner.RunAsync(Shard(shard));
            Assert.True(later.ExitCode == 0, later.ToString());
            Assert.Contains("0 of 120 files hashed for membership", later.Stdout);
        }

        var score = await CliRunner.RunAsync(["score", "--images", Images, "--out", Path.Combine(_dir, "indexed"), "--cache", cache, .. Featurizer]);
        Assert.True(score.ExitCode == 0, score.ToString());
        Assert.Contains("featurize 120 images: 0 computed, 120 cached", score.Stdout);
    }

    [Fact]
    public async Task LargeJpegsFeaturizedByShardsAreTheOnesScoreReads()
    {
        // 240 px JPEGs are decoded downscaled for pixels:12 (cache key ';decoded=WxH'): the featurize shards must key
        // them as the score stage does, or score recomputes every one.
        var jpegs = Path.Combine(_dir, "jpegs");
        var rng = new Random(5);
        foreach (var (label, level) in new[] { ("dark", (byte)60), ("light", (byte)190) })
        {
            Directory.CreateDirectory(Path.Combine(jpegs, label));
            for (int i = 0; i < 4; i++)
            {
                using var bitmap = Bitmaps.Gray(240, 240, (x, y) => (byte)Math.Clamp(level + rng.Next(-40, 41), 0, 255));
                File.WriteAllBytes(Path.Combine(jpegs, label, $"{i}.jpg"), Bitmaps.Encode(bitmap, SkiaSharp.SKEncodedImageFormat.Jpeg, 90));
            }
        }

        var cache = Path.Combine(_dir, "cache-jpeg");
        foreach (var i in new[] { 0, 1 })
        {
            var shard = await CliRunner.RunAsync(["featurize", "--images", jpegs, "--cache", cache, "--shard", $"{i}/2", .. Featurizer]);
            Assert.True(shard.ExitCode == 0, shard.ToString());
        }

        var score = await CliRunner.RunAsync(["score", "--images", jpegs, "--out", Path.Combine(_dir, "jpeg-out"), "--cache", cache, .. Featurizer]);
        Assert.True(score.ExitCode == 0, score.ToString());
        Assert.Contains("featurize 8 images: 0 computed, 8 cached", score.Stdout);
    }

    [Fact]
    public async Task AShardKilledWithSigkillLeavesNoPartAndItsRerunGivesTheSameDataset()
    {
        // Larger images, every one augmented 14 times: shard 1 is still rendering when it is killed.
        Directory.Delete(Images, recursive: true);
        SyntheticImages.WriteDarkLight(Images, perClass: 60, side: 128);
        (_transforms, _budget) = ("rotate", "100%");
        var single = await SingleRunAsync();
        var outDir = await FeaturizeScoreSelectAsync();
        await RunShardsAsync([0, 2, 3], _ => MaterializeArgs(outDir));

        // Shard 1 killed while it renders: no handler runs, so only its temporary file may be left.
        using (var worker = WorkerProcess.Start(Index(1), [.. MaterializeArgs(outDir)]))
        {
            Assert.True(await worker.WaitForLineAsync(l => l.StartsWith("augbuild: materialize ", StringComparison.Ordinal), Timeout), worker.ToString());
            worker.Kill();
            Assert.NotEqual(0, await worker.WaitForExitAsync(Timeout));
            Assert.DoesNotContain("materialize shard 1/4", worker.Stdout);
        }

        Assert.False(File.Exists(Path.Combine(PartsFolder(outDir), "part-00001-of-00004.augpart")), "the killed shard left a part");
        var missing = await CliRunner.RunAsync("gather", "--out", outDir);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(OutputCheck.Errors(missing.Stderr), e => e.Code == "AUG5510" && e.Message.Contains("part-00001-of-00004", StringComparison.Ordinal));

        // The retry (Kubernetes reruns the pod with the same index) redoes only its own part.
        var others = Directory.GetFiles(PartsFolder(outDir), "part-*").ToDictionary(f => f, File.GetLastWriteTimeUtc);
        await RunShardsAsync([1], _ => MaterializeArgs(outDir));
        Assert.All(others, o => Assert.Equal(o.Value, File.GetLastWriteTimeUtc(o.Key)));
        Assert.Empty(OutputCheck.Leftovers(outDir));

        var gather = await CliRunner.RunAsync("gather", "--out", outDir);
        Assert.True(gather.ExitCode == 0, gather.ToString());
        AssertSameDataset(single, outDir);
    }

    [Fact]
    public async Task GatherNamesEveryMissingPartAndLeavesThePreviousDataset()
    {
        var outDir = await FeaturizeScoreSelectAsync();
        await RunShardsAsync([0, 2], _ => MaterializeArgs(outDir));

        var gather = await CliRunner.RunAsync("gather", "--out", outDir);

        Assert.Equal(1, gather.ExitCode);
        var error = Assert.Single(OutputCheck.Errors(gather.Stderr));
        Assert.Equal("AUG5510", error.Code);
        Assert.Contains("2 of 4 parts are missing", error.Message);
        Assert.Contains("part-00001-of-00004, part-00003-of-00004", error.Message);
        Assert.Contains("--shard i/4", error.Message);
        Assert.False(Directory.Exists(Path.Combine(outDir, "dataset")));

        var none = await CliRunner.RunAsync("gather", "--out", Path.Combine(_dir, "empty"));
        Assert.Equal(1, none.ExitCode);
        Assert.Equal("AUG5513", Assert.Single(OutputCheck.Errors(none.Stderr)).Code);
    }

    [Fact]
    public async Task ShardAutoWithoutAnEngineIsAUsageErrorNamingTheVariables()
    {
        var cleared = new Dictionary<string, string?>
        {
            ["JOB_COMPLETION_INDEX"] = null, ["SLURM_ARRAY_TASK_ID"] = null, ["AWS_BATCH_JOB_ARRAY_INDEX"] = null, ["SYSTEM_JOBPOSITIONINPHASE"] = null,
        };
        using var worker = WorkerProcess.Start(cleared, ["featurize", "--images", Images, "--cache", Path.Combine(_dir, "c"), "--shard", "auto", .. Featurizer]);
        Assert.Equal(2, await worker.WaitForExitAsync(Timeout));
        var error = Assert.Single(OutputCheck.Errors(worker.Stderr));
        Assert.Equal(("--shard", "AUG1511"), (error.Origin, error.Code));
        Assert.Contains("JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX, SYSTEM_JOBPOSITIONINPHASE", error.Message);

        var bad = await CliRunner.RunAsync("materialize", "--images", Images, "--selection", "s.parquet", "--out", _dir, "--shard", "4/4");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal(("--shard", "AUG1510"), (OutputCheck.Errors(bad.Stderr)[0].Origin, OutputCheck.Errors(bad.Stderr)[0].Code));
    }

    [Fact]
    public async Task ADamagedOrStrayPartFailsTheGatherWithItsCodeAndLeavesTheDatasetThenARerunCommitsOverIt()
    {
        // run writes the dataset the gather must replace (its own files: the ownership list allows it).
        var outDir = await SingleRunAsync();
        var before = OutputCheck.Snapshot(outDir);
        string[] Shard(int i, string[]? output = null) =>
            ["materialize", "--images", Images, "--selection", Path.Combine(outDir, "selection.parquet"), "--out", outDir, "--shard", $"{i}/4", .. output ?? Output];
        foreach (var i in Enumerable.Range(0, Shards))
            Assert.Equal(0, (await CliRunner.RunAsync(Shard(i))).ExitCode);

        var part = Path.Combine(PartsFolder(outDir), "part-00002-of-00004.augpart");
        var bytes = File.ReadAllBytes(part);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(part, bytes);
        var damaged = await CliRunner.RunAsync("gather", "--out", outDir);
        Assert.Equal(1, damaged.ExitCode);
        var error = Assert.Single(OutputCheck.Errors(damaged.Stderr));
        Assert.Equal(("AUG5512", "part-00002-of-00004.augpart"), (error.Code, error.Origin));
        Assert.Equal(before, OutputCheck.Snapshot(outDir));
        Assert.Empty(OutputCheck.Leftovers(outDir));

        // Shard 2 redone; shard 1 redone with other transforms: its part does not belong with the others.
        Assert.Equal(0, (await CliRunner.RunAsync(Shard(2))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(Shard(1, ["--transforms", "flip-h", "--shard-size", "64KB"]))).ExitCode);
        var stray = await CliRunner.RunAsync("gather", "--out", outDir);
        Assert.Equal(1, stray.ExitCode);
        error = Assert.Single(OutputCheck.Errors(stray.Stderr));
        Assert.Equal("AUG5511", error.Code);
        Assert.Contains("part-00001-of-00004.augpart was written for another", error.Message);
        Assert.Equal(before, OutputCheck.Snapshot(outDir));

        Assert.Equal(0, (await CliRunner.RunAsync(Shard(1))).ExitCode);
        var gather = await CliRunner.RunAsync("gather", "--out", outDir, "--keep-parts");
        Assert.True(gather.ExitCode == 0, gather.ToString());
        Assert.Equal(before, OutputCheck.Snapshot(outDir));
        Assert.Equal(4, Directory.GetFiles(PartsFolder(outDir), "*.augpart").Length);
    }
}
