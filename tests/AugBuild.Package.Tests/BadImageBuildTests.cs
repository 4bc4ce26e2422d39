using AugBuild.Package.Tests.Infrastructure;

namespace AugBuild.Package.Tests;

/// <summary>An undecodable image in a consumer project: one warning by default, an error with AugFailOnBadImage.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class BadImageBuildTests(PackedPackage package)
{
    [Fact]
    public void A_corrupt_image_warns_and_AugFailOnBadImage_turns_it_into_an_error()
    {
        package.EnsurePacked();
        var project = new ConsumerProject(package, "badimage", 6);
        var bad = Path.Combine(project.DataDir, "Shirt", "zz-corrupt.png");
        File.WriteAllBytes(bad, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);

        var lenient = project.Build();

        lenient.AssertSucceeded();
        // MSBuild repeats warnings in its summary: one distinct AUG6010 line.
        var warning = Assert.Single(lenient.Output.Split('\n').Where(l => l.Contains("warning AUG6010", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf("warning AUG6010", StringComparison.Ordinal)..].Split(" [")[0].Trim()).Distinct());
        Assert.Contains("zz-corrupt.png", warning, StringComparison.Ordinal);
        Assert.Equal(project.ImageCount - 1, DatasetReader.RowCount(Path.Combine(project.OutputDir, "scores.parquet")));

        // Only the property changes: its stamp must rerun the worker, which now fails on the image.
        project.SetProperty("AugFailOnBadImage", "true");
        var strict = project.Build();

        Assert.False(strict.Succeeded, strict.Output);
        Assert.True(strict.WorkerStarted);
        Assert.Contains("error AUG6010", strict.Output, StringComparison.Ordinal);
        Assert.Contains("zz-corrupt.png", strict.Output, StringComparison.Ordinal);
    }
}
