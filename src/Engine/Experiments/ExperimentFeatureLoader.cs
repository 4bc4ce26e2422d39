using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;

namespace AugBuild.Engine.Experiments;

/// <summary>
/// Featurizes every unique image of a study once (train and test originals, and every transform copy of each)
/// through the feature cache; everything after runs on these features.
/// </summary>
public static class ExperimentFeatureLoader
{
    public static ExperimentFeatures Load(ExperimentInputs inputs, IReporter reporter, CancellationToken cancellationToken = default)
    {
        var transforms = inputs.Transforms;
        Pipeline.PathSettings.RequireImages(inputs.Train, "--train");
        Pipeline.PathSettings.RequireImages(inputs.Test, "--test");
        Pipeline.PathSettings.RequireCacheFolder(inputs.Featurization.CacheDir);
        Pipeline.PathSettings.RequireFeaturizer(inputs.Featurization.Spec);
        var train = DatasetLoader.Load(inputs.Train, reporter);
        var test = Relabel(DatasetLoader.Load(inputs.Test, reporter), train, inputs.Test);

        var trainRows = Originals(train, inputs, reporter, cancellationToken);
        var testRows = Originals(test, inputs, reporter, cancellationToken);
        var trainCopies = Copies(train, inputs, transforms, reporter, cancellationToken);
        var testCopies = Copies(test, inputs, transforms, reporter, cancellationToken);

        var testLabels = test.Labels();
        var augmentedTest = new List<float[]>(testRows.Count * (1 + transforms.CopiesPerImage));
        var augmentedLabels = new List<int>(augmentedTest.Capacity);
        augmentedTest.AddRange(testRows);
        augmentedLabels.AddRange(testLabels);
        for (var i = 0; i < test.Count; i++)
        {
            augmentedTest.AddRange(testCopies[i]);
            augmentedLabels.AddRange(Enumerable.Repeat(testLabels[i], testCopies[i].Length));
        }

        return new ExperimentFeatures
        {
            TrainRows = trainRows,
            TrainLabels = train.Labels(),
            TrainCopies = trainCopies,
            TestRows = augmentedTest,
            TestLabels = [.. augmentedLabels],
            ClassNames = train.ClassNames,
            TrainImages = train.Images.Select(e => e.FullPath).ToList(),
            Description = $"{inputs.Featurization.Spec}, {transforms} ({transforms.CopiesPerImage} copies per image); train {train.Count}, test {test.Count} originals",
        };
    }

    /// <summary>Undecodable images are fatal: a study must compare policies on exactly the images given.</summary>
    private static IReadOnlyList<float[]> Originals(ImageDataset dataset, ExperimentInputs inputs, IReporter reporter, CancellationToken ct) =>
        DatasetFeatures.Compute(dataset, inputs.Featurization, failOnBadImage: true, reporter, ct).Rows;

    /// <summary>One CopyFeatures per dataset: it remembers copies by image index, which two datasets share.</summary>
    private static IReadOnlyList<float[][]> Copies(ImageDataset dataset, ExperimentInputs inputs, TransformSet transforms, IReporter reporter, CancellationToken ct)
    {
        using var copies = new CopyFeatures(inputs.Featurization, transforms, reporter);
        return copies.For(Enumerable.Range(0, dataset.Count).ToList(), dataset, ct);
    }

    /// <summary>Gives the test images the training set's class indices (the test set may lack some classes).</summary>
    private static ImageDataset Relabel(ImageDataset test, ImageDataset train, string source)
    {
        var index = train.ClassNames.Select((name, i) => (name, i)).ToDictionary(t => t.name, t => t.i, StringComparer.Ordinal);
        var images = test.Images.Select(e => index.TryGetValue(e.ClassName, out var label)
            ? e with { Label = label }
            : throw new AugBuildException(ExperimentErrors.TestClassUnknown,
                $"Test class '{e.ClassName}' does not occur in the training set (classes: {string.Join(", ", train.ClassNames)}). Use the same class names in both.",
                source)).ToList();
        return new ImageDataset(test.Root, train.ClassNames, images);
    }
}
