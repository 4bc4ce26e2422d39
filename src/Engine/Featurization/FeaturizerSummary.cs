namespace AugBuild.Engine.Featurization;

/// <summary>The "resnet18 on CPU" part of a featurize summary, without opening a session just to name its provider.</summary>
public static class FeaturizerSummary
{
    public static string Where(IFeaturizer featurizer) =>
        featurizer.OpenedProvider is { } provider ? $"{featurizer.Name} on {provider}" : $"{featurizer.Name} not started: every image cached";
}
