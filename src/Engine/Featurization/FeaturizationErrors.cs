namespace AugBuild.Engine.Featurization;

/// <summary>AUG2010-AUG2099: featurizers, ONNX Runtime, the feature cache and the featurize pipeline (docs/errors.md).</summary>
public static class FeaturizationErrors
{
    /// <summary>An ONNX model file given by path does not exist.</summary>
    public const string ModelNotFound = "AUG2011";

    /// <summary>ResNet18.onnx (its NuGet package, named with its version in the message) is not in the packages folder.</summary>
    public const string ResNet18Missing = "AUG2012";

    /// <summary>An ONNX model cannot be read or does not have the shape a featurizer needs.</summary>
    public const string InvalidModel = "AUG2013";

    /// <summary>--device cuda, but the CUDA provider cannot be loaded.</summary>
    public const string CudaUnavailable = "AUG2014";

    /// <summary>Images give feature vectors of different lengths (pixels featurizer without a fixed side/channels).</summary>
    public const string InconsistentImageShapes = "AUG2016";

    /// <summary>A model input/output name or shape option does not match the model.</summary>
    public const string ModelOptionMismatch = "AUG2017";

    /// <summary>The model's image size is symbolic and no side was given.</summary>
    public const string SideRequired = "AUG2018";

    /// <summary>Warning: a cached feature entry was corrupt or truncated; it is recomputed.</summary>
    public const string CorruptCacheEntry = "AUG2019";

    /// <summary>Warning: the feature cache folder cannot be written; features are computed but not cached.</summary>
    public const string CacheWriteFailed = "AUG2021";

    /// <summary>Warning: a model whose batch dimension was made symbolic failed on a batch; it runs one image at a time.</summary>
    public const string BatchingUnsupported = "AUG2023";

    /// <summary>--verify-cache (MSBuild AugVerifyCache) recomputed a cached feature vector and it differs from the cache: the cache was written by another featurizer, model or version, or was tampered with. Delete the cache folder (or pass another --cache) and rerun.</summary>
    public const string CacheMismatch = "AUG2310";

    /// <summary>Warning or error: an image could not be decoded; it is skipped (default) or fails the run (--fail-on-bad-image).</summary>
    public const string BadImage = "AUG6010";

    /// <summary>Not one image of the dataset could be read or decoded (the AUG6010 warning lists them); nothing can be scored.</summary>
    public const string NoReadableImages = "AUG6312";
}
