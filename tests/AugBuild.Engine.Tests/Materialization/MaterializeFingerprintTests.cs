using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Materialization;

namespace AugBuild.Engine.Tests.Materialization;

public class MaterializeFingerprintTests
{
    private static MaterializeRequest Request(TestImages t, List<MaterializeItem> items, string transforms = "rotate", int dop = 1,
        long shard = ShardSize.Default, string outDir = "out") =>
        new(items, TestImages.Classes, TransformSet.Parse(transforms),
            new MaterializeOptions { OutputDirectory = Path.Combine(t.Root, outDir), MaxDegreeOfParallelism = dop, ShardSizeBytes = shard },
            new DatasetCardInfo { Policy = "baseline" });

    [Fact]
    public void Changes_with_what_the_output_depends_on_and_only_that()
    {
        using var t = new TestImages();
        var items = t.Make(6);
        var baseline = MaterializeFingerprint.Compute(Request(t, items));
        Assert.Equal(32, baseline.Length);
        Assert.Equal(baseline, MaterializeFingerprint.Compute(Request(t, items, dop: 7, outDir: "elsewhere")));
        Assert.Equal(baseline, MaterializeFingerprint.Compute(Request(t, items, transforms: "ROTATE")));

        var flipped = items.Select((x, i) => i == 1 ? x with { Selected = !x.Selected } : x).ToList();
        var reweighted = items.Select((x, i) => i == 2 ? x with { Weight = x.Weight / 2 } : x).ToList();
        var changed = new[]
        {
            MaterializeFingerprint.Compute(Request(t, flipped)),
            MaterializeFingerprint.Compute(Request(t, reweighted)),
            MaterializeFingerprint.Compute(Request(t, items, transforms: "rotate,flip-h")),
            MaterializeFingerprint.Compute(Request(t, items, shard: 1 << 20)),
            MaterializeFingerprint.Compute(Request(t, items.Take(5).ToList())),
            MaterializeFingerprint.Compute(Request(t, items) with { Card = new DatasetCardInfo { Policy = "vsv" } }),
        };
        Assert.All(changed, c => Assert.NotEqual(baseline, c));
        Assert.Equal(changed.Length, changed.Distinct().Count());

        File.WriteAllBytes(items[0].Entry.FullPath, [1, 2, 3]);
        Assert.NotEqual(baseline, MaterializeFingerprint.Compute(Request(t, items)));
    }
}
