using System.IO.Hashing;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.ScaleOut;
using AugBuild.Engine.Storage;

namespace AugBuild.Engine.Tests.ScaleOut;

/// <summary>The shards' shared hash index: every key equals the file's hash computed here independently, and N shards hash the data once.</summary>
public sealed class ShardHashIndexTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-hash-index-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Images => Path.Combine(_dir, "images");

    private string Cache => Path.Combine(_dir, "cache");

    private List<(string FullPath, string DatasetPath)> Files(int count)
    {
        Directory.CreateDirectory(Images);
        var rng = new Random(count);
        var files = new List<(string, string)>();
        for (int i = 0; i < count; i++)
        {
            var path = Path.Combine(Images, $"img{i:D3}.bin");
            var bytes = new byte[100 + rng.Next(400)];
            rng.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            files.Add((path, $"a/img{i:D3}.bin"));
        }

        return files;
    }

    /// <summary>The expected key, from the bytes by the hashing library directly (not through ContentHash).</summary>
    private static string Expected(string path) => "xxh128:" + Convert.ToHexStringLower(XxHash128.Hash(File.ReadAllBytes(path)));

    private ShardHashIndex Index() => new(new FolderStore(StorageLocation.OfFolder(Cache)));

    [Fact]
    public void FourShardsInTurnHashEveryFileOnceAndAgreeOnEveryKey()
    {
        var files = Files(41);
        var hashedBy = new int[4];
        for (int shard = 0; shard < 4; shard++)
        {
            var (keys, hashed) = Index().Keys(files, new ShardSpec(shard, 4), CancellationToken.None);
            hashedBy[shard] = hashed.Count(h => h);
            for (int i = 0; i < files.Count; i++) Assert.Equal(Expected(files[i].FullPath), keys[i]);
        }

        // The first shard finds no slice and writes all four; the others read them.
        Assert.Equal([41, 0, 0, 0], hashedBy);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(Cache, "hashes"), "*.txt", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void AShardHashesItsOwnSliceFirstAndOnlyWhatIsMissing()
    {
        var files = Files(20);
        // Shard 2 of 4 alone: it writes every slice, starting with its own (files 10-14).
        Index().Keys(files, new ShardSpec(2, 4), CancellationToken.None);
        var folder = Directory.GetDirectories(Path.Combine(Cache, "hashes")).Single();
        File.Delete(Path.Combine(folder, "00003.txt"));
        var (_, hashed) = Index().Keys(files, new ShardSpec(0, 4), CancellationToken.None);
        Assert.Equal(Enumerable.Range(15, 5), Enumerable.Range(0, 20).Where(i => hashed[i]));
    }

    [Fact]
    public void AFileWrittenSinceIsHashedAgainAndItsSliceCorrected()
    {
        var files = Files(12);
        Index().Keys(files, new ShardSpec(0, 3), CancellationToken.None);
        var changed = files[5].FullPath;
        File.WriteAllBytes(changed, [1, 2, 3, 4, 5]);
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(1));

        var (keys, hashed) = Index().Keys(files, new ShardSpec(1, 3), CancellationToken.None);
        Assert.Equal([5], Enumerable.Range(0, 12).Where(i => hashed[i]));
        Assert.Equal(Expected(changed), keys[5]);
        // The corrected slice is what the next shard reads.
        var (again, hashedAgain) = Index().Keys(files, new ShardSpec(2, 3), CancellationToken.None);
        Assert.DoesNotContain(true, hashedAgain);
        Assert.Equal(Expected(changed), again[5]);
    }

    [Fact]
    public void ADamagedOrCutSliceIsRebuiltNotTrusted()
    {
        var files = Files(9);
        Index().Keys(files, new ShardSpec(0, 3), CancellationToken.None);
        var folder = Directory.GetDirectories(Path.Combine(Cache, "hashes")).Single();
        var slice = Path.Combine(folder, "00001.txt");
        var text = File.ReadAllText(slice);
        File.WriteAllText(slice, text[..(text.Length / 2)]); // cut in the middle of a line
        File.WriteAllText(Path.Combine(folder, "00002.txt"), "not an index\n"); // another file under its name

        var (keys, hashed) = Index().Keys(files, new ShardSpec(0, 3), CancellationToken.None);
        Assert.Equal(Enumerable.Range(3, 6), Enumerable.Range(0, 9).Where(i => hashed[i]));
        for (int i = 0; i < files.Count; i++) Assert.Equal(Expected(files[i].FullPath), keys[i]);
    }

    [Fact]
    public void AnotherImageSetOrShardCountNeverReadsTheseSlices()
    {
        var files = Files(10);
        Index().Keys(files, new ShardSpec(0, 2), CancellationToken.None);
        Assert.DoesNotContain(true, Index().Keys(files, new ShardSpec(1, 2), CancellationToken.None).Hashed);
        Assert.All(Index().Keys(files, new ShardSpec(0, 5), CancellationToken.None).Hashed, Assert.True);
        var renamed = files.Select((f, i) => i == 3 ? (f.FullPath, "b/renamed.bin") : f).ToList();
        Assert.All(Index().Keys(renamed, new ShardSpec(0, 2), CancellationToken.None).Hashed, Assert.True);
    }

    [Fact]
    public void AnUnreadableFileIsNeverIndexedAndKeepsItsUnreadableKey()
    {
        var files = Files(6);
        files[2] = (Path.Combine(Images, "missing.bin"), "a/missing.bin");
        var (keys, _) = Index().Keys(files, new ShardSpec(0, 2), CancellationToken.None);
        Assert.Equal(ShardSpec.UnreadableKey("a/missing.bin"), keys[2]);
        var (again, hashed) = Index().Keys(files, new ShardSpec(1, 2), CancellationToken.None);
        Assert.Equal([2], Enumerable.Range(0, 6).Where(i => hashed[i]));
        Assert.Equal(ShardSpec.UnreadableKey("a/missing.bin"), again[2]);
    }

    [Fact]
    public void SlicesCoverEveryFileOnceInOrder()
    {
        foreach (var (n, count) in new[] { (0, 3), (2, 4), (41, 4), (100, 7), (5, 5) })
        {
            var covered = Enumerable.Range(0, count).SelectMany(s =>
            {
                var (start, end) = ShardHashIndex.Range(s, count, n);
                return Enumerable.Range(start, end - start);
            });
            Assert.Equal(Enumerable.Range(0, n), covered);
        }
    }
}
