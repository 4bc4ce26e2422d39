using System.Security.Cryptography;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.ScaleOut;
using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Tests.ScaleOut;

/// <summary>--shard through the settings grammar, with each job engine's variables, and the membership rule.</summary>
public sealed class ShardSpecTests
{
    private static ShardSpec Parse(string text, params (string Name, string Value)[] env)
    {
        var vars = env.ToDictionary(e => e.Name, e => e.Value);
        return ScaleOutSettings.Parse(text, n => vars.GetValueOrDefault(n));
    }

    private static AugBuildException Fails(string text, params (string, string)[] env) => Assert.Throws<AugBuildException>(() => Parse(text, env));

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData(" 12/64 ", 12, 64)]
    public void IndexOverCountIsTheShard(string text, int index, int count)
    {
        var shard = Parse(text);
        Assert.Equal((index, count, "--shard"), (shard.Index, shard.Count, shard.Source));
        Assert.Equal($"part-{index:D5}-of-{count:D5}", shard.Name);
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("1/4/5")]
    [InlineData("auto/0")]
    [InlineData("automatic")]
    public void AMalformedShardIsAug1510NamingTheOption(string text)
    {
        var e = Fails(text);
        Assert.Equal(("AUG1510", "--shard"), (e.Code, e.File));
    }

    [Fact]
    public void EachEngineGivesIndexAndCount()
    {
        Assert.Equal((2, 8), Pair(Parse("auto/8", ("JOB_COMPLETION_INDEX", "2"))));
        Assert.Equal((2, 4), Pair(Parse("auto", ("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "4"))));
        // An array --array=1-4 starts at 1: its first task is shard 0.
        Assert.Equal((0, 4), Pair(Parse("auto", ("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "4"))));
        Assert.Equal((5, 6), Pair(Parse("auto/6", ("AWS_BATCH_JOB_ARRAY_INDEX", "5"))));
        // Azure Pipelines numbers its jobs from 1.
        Assert.Equal((0, 3), Pair(Parse("auto", ("SYSTEM_JOBPOSITIONINPHASE", "1"), ("SYSTEM_TOTALJOBSINPHASE", "3"))));
        Assert.Equal((2, 3), Pair(Parse("auto/3", ("SYSTEM_JOBPOSITIONINPHASE", "3"), ("SYSTEM_TOTALJOBSINPHASE", "3"))));
        Assert.Contains("JOB_COMPLETION_INDEX", Parse("auto/8", ("JOB_COMPLETION_INDEX", "2")).Source);
    }

    [Fact]
    public void AutoWithoutAnEngineOrACountOrWithBadValuesIsCoded()
    {
        Assert.Equal("AUG1511", Fails("auto").Code);
        Assert.Equal("AUG1511", Fails("auto/4").Code);
        Assert.Equal("AUG1512", Fails("auto", ("JOB_COMPLETION_INDEX", "0")).Code);
        Assert.Equal("AUG1512", Fails("auto", ("AWS_BATCH_JOB_ARRAY_INDEX", "0")).Code);
        Assert.Equal("AUG1513", Fails("auto/4", ("JOB_COMPLETION_INDEX", "4")).Code);
        Assert.Equal("AUG1513", Fails("auto/4", ("JOB_COMPLETION_INDEX", "x")).Code);
        Assert.Equal("AUG1513", Fails("auto/8", ("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "4")).Code);
        Assert.Equal("AUG1513", Fails("auto", ("SYSTEM_JOBPOSITIONINPHASE", "0"), ("SYSTEM_TOTALJOBSINPHASE", "3")).Code);
        Assert.Equal("AUG1513", Fails("auto", ("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "0")).Code);
    }

    [Fact]
    public void MembershipIsAStableFunctionOfTheContentKeyAndSplitsEvenly()
    {
        var keys = Enumerable.Range(0, 4000).Select(i => "xxh128:" + Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)).AsSpan(0, 16))).ToList();
        var shards = Enumerable.Range(0, 4).Select(i => new ShardSpec(i, 4)).ToList();

        // Every key in exactly one shard, and about a quarter in each (binomial sd ~27).
        Assert.All(keys, k => Assert.Single(shards, s => s.Contains(k)));
        Assert.All(shards, s => Assert.InRange(keys.Count(s.Contains), 850, 1150));
        // XxHash64 (seed 0) of the key's UTF-8 text mod N, as docs/scale-out.md states: the reference test vectors
        // XXH64("abc") = 0x44BC2CF5AD770999 and XXH64("") = 0xEF46DB3751D8E999, so any language's xxhash agrees.
        Assert.Equal((int)(0x44BC2CF5AD770999UL % 1000), ShardSpec.Of("abc", 1000));
        Assert.Equal((int)(0xEF46DB3751D8E999UL % 64), ShardSpec.Of("", 64));
        Assert.Equal(0, ShardSpec.Of("anything", 1));
    }

    private static (int, int) Pair(ShardSpec s) => (s.Index, s.Count);
}
