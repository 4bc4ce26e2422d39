using AugBuild.Engine.Diagnostics;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// Everything the study runs on, already featurized: the training originals with the k copies of each, and the
/// augmented test set (test originals followed by every copy of every test image).
/// </summary>
public sealed record ExperimentFeatures
{
    public required IReadOnlyList<float[]> TrainRows { get; init; }

    public required int[] TrainLabels { get; init; }

    /// <summary>The k copies of each training original, in transform order.</summary>
    public required IReadOnlyList<float[][]> TrainCopies { get; init; }

    /// <summary>The augmented test set.</summary>
    public required IReadOnlyList<float[]> TestRows { get; init; }

    public required int[] TestLabels { get; init; }

    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Image file of each training original (for the report's thumbnails); null when there are none.</summary>
    public IReadOnlyList<string>? TrainImages { get; init; }

    /// <summary>What the rows were made of, for the report (e.g. "pixels:14, translate").</summary>
    public string Description { get; init; } = "";

    public int TrainCount => TrainRows.Count;

    public int ClassCount => ClassNames.Count;

    public int CopiesPerImage => TrainCopies.Count == 0 ? 0 : TrainCopies[0].Length;

    /// <summary>Fails with a coded error when the parts do not line up.</summary>
    public void Validate()
    {
        void Fail(string why) => throw new AugBuildException(ExperimentErrors.FeaturesInvalid, $"The experiment's features are inconsistent: {why}.");
        if (TrainRows.Count == 0) Fail("there are no training images");
        if (TestRows.Count == 0) Fail("there are no test images");
        if (TrainLabels.Length != TrainRows.Count) Fail($"{TrainLabels.Length} labels for {TrainRows.Count} training rows");
        if (TrainCopies.Count != TrainRows.Count) Fail($"copies of {TrainCopies.Count} originals for {TrainRows.Count} training rows");
        if (TestLabels.Length != TestRows.Count) Fail($"{TestLabels.Length} labels for {TestRows.Count} test rows");
        if (TrainCopies.Any(c => c.Length != CopiesPerImage)) Fail("the originals have different numbers of copies");
        if (TrainImages is not null && TrainImages.Count != TrainRows.Count) Fail("the image list does not match the training rows");
        var d = TrainRows[0].Length;
        if (TrainRows.Concat(TestRows).Concat(TrainCopies.SelectMany(c => c)).Any(r => r.Length != d)) Fail("rows of different dimensions");
        if (TrainLabels.Concat(TestLabels).Any(y => y < 0 || y >= ClassCount)) Fail($"a label outside 0..{ClassCount - 1}");
    }
}
