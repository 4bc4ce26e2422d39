using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Featurization;

/// <summary>Options of <see cref="FeaturizerFactory.Create"/>: the user's settings and where files are resolved and kept.</summary>
public sealed record FeaturizerOptions
{
    public FeaturizationSettings Settings { get; init; } = FeaturizationSettings.Default;

    /// <summary>Folder that relative model paths in the spec are resolved against; null = current directory.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Where models rewritten to a symbolic batch dimension are kept; null = a folder under the temp path.</summary>
    public string? ModelCacheDirectory { get; init; }

    /// <summary>
    /// ONNX models: open the ONNX Runtime session (and say where it runs) on the first batch that needs inference,
    /// not at creation; when every image is cached it is never opened (about 1-2 s of a one-image rebuild).
    /// </summary>
    public bool OpenSessionOnFirstBatch { get; init; }
}
