namespace AugBuild.Engine.Featurization;

/// <summary>Options of <see cref="FeaturizerFactory.Create"/>; none of them except the ONNX preprocessing ones changes the features.</summary>
public sealed record FeaturizerOptions
{
    /// <summary>auto (CUDA if it loads, else CPU with a warning), cpu, or cuda (error if it cannot load).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Images per inference batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>ONNX Runtime intra-op threads; 0 = its default (one per physical core).</summary>
    public int Threads { get; init; }

    /// <summary>resnet18: use this ResNet18.onnx instead of the one in the NuGet packages folder.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Folder that relative model paths in the spec are resolved against; null = current directory.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Where models rewritten to a symbolic batch dimension are kept; null = a folder under the temp path.</summary>
    public string? ModelCacheDirectory { get; init; }

    /// <summary>ONNX models: the input to feed (default: the only image input).</summary>
    public string? InputName { get; init; }

    /// <summary>ONNX models: the output to read (default: the first).</summary>
    public string? OutputName { get; init; }

    /// <summary>ONNX models: input side in pixels when the model's height/width are symbolic.</summary>
    public int? Side { get; init; }

    /// <summary>ONNX models: per-channel mean on the [0, 1] scale (1 value or one per channel); default from the model's metadata "mean", else 0.</summary>
    public float[]? Mean { get; init; }

    /// <summary>ONNX models: per-channel standard deviation on the [0, 1] scale; default from the model's metadata "std", else 1.</summary>
    public float[]? Std { get; init; }
}
