using AugBuild.Engine.Diagnostics;
using Google.Protobuf;
using Onnx;

namespace AugBuild.Engine.Featurization;

/// <summary>An ONNX model read from disk: its content hash, its parsed graph, and its image input and output.</summary>
internal sealed class OnnxModelFile
{
    private OnnxModelFile(string path, string hash, ModelProto model)
    {
        Path = path;
        Hash = hash;
        Model = model;
    }

    public string Path { get; }

    /// <summary>XxHash128 of the file's bytes: the model part of the cache identity.</summary>
    public string Hash { get; }

    public ModelProto Model { get; }

    public static OnnxModelFile Load(string path)
    {
        if (!File.Exists(path))
            throw new AugBuildException(FeaturizationErrors.ModelNotFound, $"ONNX model '{path}' does not exist. Check the --featurizer path.", path);
        if (!Data.FileIdentity.IsOpenable(path))
            throw new AugBuildException(FeaturizationErrors.InvalidModel, $"'{path}' is a FIFO, socket or device, not an ONNX model file.", path);
        var bytes = File.ReadAllBytes(path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new AugBuildException(FeaturizationErrors.InvalidModel, $"'{path}' is not an ONNX model: {e.Message}", path, e);
        }

        if (model.Graph is null || model.Graph.Input.Count == 0 || model.Graph.Output.Count == 0)
            throw new AugBuildException(FeaturizationErrors.InvalidModel, $"ONNX model '{path}' has no graph inputs or outputs.", path);
        return new OnnxModelFile(path, ContentHash.OfBytes(bytes), model);
    }

    /// <summary>Graph inputs that are fed by the caller (initializers listed as inputs excluded).</summary>
    public IReadOnlyList<ValueInfoProto> FeedInputs
    {
        get
        {
            var initializers = Model.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
            return [.. Model.Graph.Input.Where(i => !initializers.Contains(i.Name))];
        }
    }

    public string? Metadata(string key) =>
        Model.MetadataProps.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Dimensions of a tensor value; null entries are symbolic or unknown.</summary>
    public static long?[] Dims(ValueInfoProto value) =>
        value.Type?.TensorType?.Shape is { } shape
            ? [.. shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue : (long?)null)]
            : [];

    /// <summary>
    /// The path of a model that accepts any batch size: this one if its input's first dimension is already symbolic,
    /// else a copy with dim_param "N" on that input and every output, and value_info cleared (its fixed batch
    /// dimensions would contradict). The copy is cached by source hash, written atomically.
    /// </summary>
    /// <param name="reporter">Told once when a cached copy was damaged and is replaced.</param>
    public (string Path, bool Rewritten) WithSymbolicBatch(string inputName, string? cacheDirectory, IReporter? reporter = null)
    {
        var input = Model.Graph.Input.First(i => i.Name == inputName);
        if (Dims(input) is not [_, ..] dims || dims[0] is null)
            return (Path, false);

        var fallback = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "augbuild", "models");
        try
        {
            return (WriteSymbolicCopy(inputName, cacheDirectory ?? fallback, reporter), true);
        }
        catch (Exception e) when (cacheDirectory is not null && e is IOException or UnauthorizedAccessException)
        {
            return (WriteSymbolicCopy(inputName, fallback, reporter), true);
        }
    }

    /// <summary>
    /// The copy is rebuilt in memory (cheap next to loading it) and a cached file is reused only when its bytes are
    /// exactly these: a truncated or altered copy is a cache miss, replaced with one warning.
    /// </summary>
    private string WriteSymbolicCopy(string inputName, string folder, IReporter? reporter)
    {
        // "v1": bump when the rewrite changes, so older copies are not reused.
        var target = System.IO.Path.Combine(folder, $"{Hash[ContentHash.Prefix.Length..]}-batchN-v1.onnx");
        var copy = Model.Clone();
        SetBatchSymbolic(copy.Graph.Input.First(i => i.Name == inputName));
        foreach (var output in copy.Graph.Output)
            SetBatchSymbolic(output);
        copy.Graph.ValueInfo.Clear();
        var bytes = copy.ToByteArray();

        if (File.Exists(target))
        {
            if (IsIntact(target, bytes))
                return target;
            reporter?.Warning(FeaturizationErrors.CorruptCacheEntry,
                $"The cached model copy '{target}' is truncated or altered; it is rewritten from '{Path}'.", target);
        }

        Directory.CreateDirectory(folder);
        var temp = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return target;
    }

    private static bool IsIntact(string file, byte[] expected)
    {
        try
        {
            var info = new FileInfo(file);
            return info.Length == expected.Length && ContentHash.OfFile(file) == ContentHash.OfBytes(expected);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AugBuildException)
        {
            return false;
        }
    }

    private static void SetBatchSymbolic(ValueInfoProto value)
    {
        if (value.Type?.TensorType?.Shape is { Dim.Count: > 0 } shape)
            shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
    }
}
