using System.Reflection;
using System.Runtime.InteropServices;
using AugBuild.Engine.Diagnostics;
using Onnx;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Finds ResNet18.onnx and ResNetPreprocess.onnx: at the model path the settings give (MSBuild passes the restored
/// package's), else in the NuGet package (build/AugBuild.Model.props names it) under NUGET_PACKAGES or ~/.nuget/packages;
/// and reads the preprocessing's mean image.
/// </summary>
public static class ResNet18Files
{
    public static string PackageId { get; } = Metadata("ResNet18PackageId");

    public static string PackageVersion { get; } = Metadata("ResNet18PackageVersion");
    public const string InputName = "Input247";
    public const string OutputName = "Pooling395_Output_0";
    public const int Side = 224;

    public static string PackagesRoot()
    {
        var env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return !string.IsNullOrWhiteSpace(env)
            ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    public static string ModelsFolder(string? packagesRoot = null) =>
        Path.Combine(packagesRoot ?? PackagesRoot(), PackageId.ToLowerInvariant(), PackageVersion, "tools", "DnnImageModels");

    /// <summary>The model: <paramref name="overridePath"/> if given (it must exist), else the package's.</summary>
    /// <param name="packagesRoot">The NuGet packages folder; null = <see cref="PackagesRoot"/>.</param>
    public static string LocateModel(string? overridePath, string? packagesRoot = null)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            return File.Exists(overridePath)
                ? Path.GetFullPath(overridePath)
                : throw new AugBuildException(FeaturizationErrors.ModelNotFound, $"ResNet18 model '{overridePath}' (--model-path, AugModelPath) does not exist.", overridePath);
        }

        var path = Path.Combine(ModelsFolder(packagesRoot), "ResNet18Onnx", "ResNet18.onnx");
        return File.Exists(path) ? path : throw Missing(path);
    }

    /// <summary>ResNetPreprocess.onnx: beside an overriding model (../ResNetPrepOnnx/ or the same folder), else the package's.</summary>
    public static string LocatePreprocess(string modelPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        string[] candidates =
        [
            Path.Combine(dir, "..", "ResNetPrepOnnx", "ResNetPreprocess.onnx"),
            Path.Combine(dir, "ResNetPreprocess.onnx"),
            Path.Combine(ModelsFolder(), "ResNetPrepOnnx", "ResNetPreprocess.onnx"),
        ];
        return candidates.FirstOrDefault(File.Exists) is { } found ? Path.GetFullPath(found) : throw Missing(candidates[^1]);
    }

    /// <summary>
    /// Checks that the preprocessing graph is Split(RGB) -> Concat(B, G, R) -> Sub(mean image) and returns the mean
    /// image [3, 224, 224] in B, G, R plane order.
    /// </summary>
    internal static float[] ReadMeanImage(OnnxModelFile preprocess)
    {
        var graph = preprocess.Model.Graph;
        var ops = graph.Node.Select(n => n.OpType).ToArray();
        var sub = graph.Node.LastOrDefault(n => n.OpType == "Sub");
        var concat = graph.Node.FirstOrDefault(n => n.OpType == "Concat");
        var split = graph.Node.FirstOrDefault(n => n.OpType == "Split");
        if (ops is not ["Split", "Concat", "Sub"] || sub is null || concat is null || split is null
            || !concat.Input.SequenceEqual([split.Output[2], split.Output[1], split.Output[0]]))
        {
            throw new AugBuildException(
                FeaturizationErrors.InvalidModel,
                $"'{preprocess.Path}' is not the expected Split -> Concat(B,G,R) -> Sub(mean) preprocessing (found {string.Join(", ", ops)}).",
                preprocess.Path);
        }

        var mean = graph.Initializer.FirstOrDefault(t => t.Name == sub.Input[1]);
        if (mean is null || !mean.Dims.SequenceEqual([1L, 3, Side, Side]) || mean.DataType != (int)TensorProto.Types.DataType.Float)
            throw new AugBuildException(FeaturizationErrors.InvalidModel, $"'{preprocess.Path}' has no float [1,3,{Side},{Side}] mean image.", preprocess.Path);
        return mean.FloatData.Count > 0
            ? [.. mean.FloatData]
            : MemoryMarshal.Cast<byte, float>(mean.RawData.Span).ToArray();
    }

    private static AugBuildException Missing(string path) =>
        new(FeaturizationErrors.ResNet18Missing,
            $"The resnet18 featurizer needs '{path}' from the NuGet package {PackageId} {PackageVersion}. Run 'dotnet restore' on a " +
            "project that references AugBuild (or that package), set NUGET_PACKAGES to the packages folder that holds it, or pass the " +
            "model path option with a ResNet18.onnx.",
            path);

    private static string Metadata(string key) =>
        typeof(ResNet18Files).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
