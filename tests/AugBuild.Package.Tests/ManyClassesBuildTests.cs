using AugBuild.Package.Tests.Infrastructure;
using ParquetSharp;
using SkiaSharp;

namespace AugBuild.Package.Tests;

/// <summary>`dotnet build` of a 100-class project (CIFAR-100's class count): the probe's exact Hessian cannot exist, so
/// influence runs block-diagonal, and the dataset carries all 100 classes.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class ManyClassesBuildTests(PackedPackage package)
{
    private const int Classes = 100;
    private const int PerClass = 4;

    [Fact]
    public void A_hundred_class_project_builds_a_dataset_of_every_class_with_block_influence()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "hundred", 0, new Dictionary<string, string>
        {
            // 16 x 16 RGB pixels: p = 99 x 769 = 76,131 parameters, an exact Hessian of 46 GB.
            ["AugFeaturizer"] = "pixels:16:rgb",
            ["AugScore"] = "influence",
            ["AugTransforms"] = "translate:1",
        });
        foreach (var folder in Directory.EnumerateDirectories(project.DataDir)) Directory.Delete(folder, recursive: true);
        var rng = new Random(3);
        for (int c = 0; c < Classes; c++)
        {
            // Each class its own colour, with noise, so the probe has something to fit.
            var color = new SKColor((byte)(c * 37 % 256), (byte)(c * 91 % 256), (byte)(c * 53 % 256));
            for (int i = 0; i < PerClass; i++)
                SyntheticImages.Write(Path.Combine(project.DataDir, $"class{c:000}", $"{i}.png"), SyntheticImages.NoisyColor(16, color, rng));
        }

        var build = project.Build();
        build.AssertSucceeded();
        Assert.Equal((400, 400, 0), build.Featurize);
        Assert.Contains("block-diagonal", build.Output);

        var scores = Path.Combine(project.OutputDir, "scores.parquet");
        using (var file = new ParquetFileReader(scores))
        {
            Assert.Equal(400, file.FileMetaData.NumRows);
            Assert.Equal("block", file.FileMetaData.KeyValueMetadata["augbuild.influence"]);
        }

        // The dataset: every original (400) plus one copy per translate direction (4) of each of the 10% selected (40).
        Assert.Equal(400 + (40 * 4), DatasetReader.DatasetRows(project.DatasetDir));
        var labels = DatasetReader.ReadAll(DatasetReader.Shards(project.DatasetDir)).Select(r => r.Label).ToList();
        Assert.Equal(Enumerable.Range(0, Classes).Select(l => (long)l), labels.Distinct().Order());
        Assert.All(Enumerable.Range(0, Classes), l => Assert.True(labels.Count(x => x == l) >= PerClass, $"class {l}"));
    }
}
