using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Pipeline;
using AugBuild.Engine.Selection;
using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>A temporary folder with a small two-class dataset, an output folder and a cache; pixels featurizer.</summary>
internal sealed class PipelineFixture : IDisposable
{
    public PipelineFixture(int perClass = 8, int seed = 1)
    {
        SyntheticImages.WriteDarkLight(Images, perClass, side: 8, seed, noise: 60);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("augbuild-rel-").FullName;

    public string Images => Path.Combine(Root, "images");

    public string Out => Path.Combine(Root, "out");

    public string Cache => Path.Combine(Root, "cache");

    public string DatasetDir => Path.Combine(Out, "dataset");

    public void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(Images, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public RunRequest Request(string budget = "25%", string transforms = "translate") => new()
    {
        Images = Images,
        OutputDir = Out,
        Featurization = FeaturizationSettings.Default with { Featurizer = "pixels:8:gray", CacheDir = Cache, Device = "cpu" },
        Selection = SelectionSettings.Default with { Budget = Budget.Parse(budget), C = 1, Seed = 3 },
        Output = OutputSettings.Default with { Transforms = TransformSet.Parse(transforms) },
    };

    /// <summary>Every file under the dataset folder with its bytes' hash: equal snapshots mean nothing changed.</summary>
    public Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(DatasetDir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != ".augbuild.lock")
            .ToDictionary(f => Path.GetRelativePath(DatasetDir, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    public List<ShardRow> ReadDataset() => DatasetReader.ReadAll(DatasetReader.Shards(DatasetDir));

    /// <summary>Files a run leaves only while it is in progress: temporaries of shards, tables and stamps.</summary>
    public IEnumerable<string> Leftovers() =>
        Directory.EnumerateFileSystemEntries(Out, "*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".tmp", StringComparison.Ordinal) || Path.GetFileName(p).StartsWith(".augbuild-tmp-", StringComparison.Ordinal));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
