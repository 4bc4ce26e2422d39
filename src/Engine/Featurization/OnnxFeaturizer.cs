using AugBuild.Engine.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SkiaSharp;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Features from an ONNX model's output, flattened per image. Batches run through an <see cref="OrtIoBinding"/>
/// over input tensors reused across batches (page-locked host memory on CUDA, so the copy to the device is a
/// direct DMA); the output is bound to host memory, so intermediate activations never leave the device.
/// The session can be opened on the first batch instead of up front (<see cref="FeaturizerOptions.OpenSessionOnFirstBatch"/>):
/// a build whose images are all cached then never starts ONNX Runtime.
/// </summary>
public sealed class OnnxFeaturizer : IFeaturizer
{
    private readonly Func<(InferenceSession Session, string Provider)> _open;
    private readonly IInputTransform _transform;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly IReporter _reporter;
    private readonly bool _batchRewritten;
    private readonly Dictionary<int, BatchInput> _inputs = [];
    private OpenSession? _live;
    private bool _oneAtATime;
    private int _dimension;

    internal OnnxFeaturizer(
        string name,
        string identity,
        Func<(InferenceSession Session, string Provider)> open,
        bool openNow,
        string inputName,
        string outputName,
        IInputTransform transform,
        int dimension,
        int batchSize,
        bool batchRewritten,
        IReporter reporter)
    {
        Name = name;
        Identity = identity;
        _open = open;
        _inputName = inputName;
        _outputName = outputName;
        _transform = transform;
        _dimension = dimension;
        BatchSize = Math.Max(1, batchSize);
        _batchRewritten = batchRewritten;
        _reporter = reporter;
        if (openNow)
            Open();
    }

    public string Name { get; }

    public string Identity { get; }

    public int Dimension => _dimension;

    public int BatchSize { get; }

    /// <summary>Opens the session if it is not open yet: the provider is known only then.</summary>
    public string Provider => Open().Provider;

    public string? OpenedProvider => _live?.Provider;

    public SKSizeI? InputSize => _transform.InputSize;

    public PreparedImage Prepare(SKBitmap image) =>
        PreparedImage.Create(_transform.Length, string.Join('x', _transform.Shape), (span, _) => _transform.Fill(image, span));

    public float[][] Infer(IReadOnlyList<PreparedImage> batch)
    {
        Open();
        try
        {
            return InferBatch(batch);
        }
        catch (OnnxRuntimeException e)
        {
            // A model that loads but cannot run on images (a wrong shape inside the graph) is the user's model, not a bug.
            throw new AugBuildException(FeaturizationErrors.InvalidModel,
                $"Model '{Name}' fails on images of shape {string.Join('x', _transform.Shape)}: {e.Message.Split('\n')[0]}. It must map float images to a feature tensor.",
                Name, e);
        }
    }

    private float[][] InferBatch(IReadOnlyList<PreparedImage> batch)
    {
        if (batch.Count == 0)
            return [];
        if (_oneAtATime && batch.Count > 1)
            return [.. batch.Select(p => Run([p])[0])];
        try
        {
            return Run(batch);
        }
        catch (OnnxRuntimeException e) when (_batchRewritten && batch.Count > 1)
        {
            // The model hard-codes its batch size somewhere inside (a Reshape to [1, ...]); batch 1 still works.
            _oneAtATime = true;
            _reporter.Warning(
                FeaturizationErrors.BatchingUnsupported,
                $"Model '{Name}' fails on batches of {batch.Count} ({e.Message.Split('\n')[0]}); it runs one image at a time. Set --batch-size (AugBatchSize) to 1 to silence this.",
                AugBuild.Settings.SettingCatalog.BatchSize.Option);
            return [.. batch.Select(p => Run([p])[0])];
        }
    }

    private float[][] Run(IReadOnlyList<PreparedImage> batch)
    {
        var count = batch.Count;
        var input = InputFor(count);
        var span = input.Span;
        for (var i = 0; i < count; i++)
            batch[i].Values.CopyTo(span.Slice(i * _transform.Length, _transform.Length));

        var live = Open();
        live.Binding.BindInput(_inputName, input.Value);
        live.Binding.BindOutputToDevice(_outputName, OrtMemoryInfo.DefaultInstance);
        live.Session.RunWithBinding(live.RunOptions, live.Binding);
        using var outputs = live.Binding.GetOutputValues();
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var per = values.Length / count;
        if (per * count != values.Length || per == 0)
            throw new AugBuildException(FeaturizationErrors.InvalidModel, $"Model '{Name}' output '{_outputName}' has {values.Length} values for a batch of {count}.", Name);
        _dimension = per;
        var result = new float[count][];
        for (var i = 0; i < count; i++)
            result[i] = values.Slice(i * per, per).ToArray();
        return result;
    }

    private BatchInput InputFor(int count)
    {
        if (_inputs.TryGetValue(count, out var input))
            return input;
        long[] shape = [count, .. _transform.Shape];
        input = Open().Pinned is not { } pinned ? BatchInput.Managed(shape) : BatchInput.Allocated(pinned, shape);
        _inputs[count] = input;
        return input;
    }

    /// <summary>
    /// The session and every ONNX Runtime object: none is touched before the factory has run, which must choose
    /// ORT's native library (<see cref="OrtNativeLibrary"/>) before ORT's first call.
    /// </summary>
    private OpenSession Open()
    {
        if (_live is { } live)
            return live;
        var (session, provider) = _open();
        _live = new OpenSession(session, provider, session.CreateIoBinding(), new RunOptions(), provider == "CUDA" ? TryPinnedAllocator(session) : null);
        return _live;
    }

    private sealed record OpenSession(InferenceSession Session, string Provider, OrtIoBinding Binding, RunOptions RunOptions, OrtAllocator? Pinned);

    private static OrtAllocator? TryPinnedAllocator(InferenceSession session)
    {
        try
        {
            using var info = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, 0, OrtMemType.CpuOutput);
            return new OrtAllocator(session, info);
        }
        catch (OnnxRuntimeException)
        {
            return null; // pageable host memory still works; ORT stages the copy
        }
    }

    public void Dispose()
    {
        foreach (var input in _inputs.Values)
            input.Dispose();
        _inputs.Clear();
        if (_live is { } live)
        {
            live.RunOptions.Dispose();
            live.Binding.Dispose();
            live.Pinned?.Dispose();
            live.Session.Dispose();
            _live = null;
        }
    }

    /// <summary>A reusable input tensor for one batch size.</summary>
    private sealed class BatchInput : IDisposable
    {
        private readonly float[]? _managed;

        private BatchInput(OrtValue value, float[]? managed)
        {
            Value = value;
            _managed = managed;
        }

        public OrtValue Value { get; }

        public Span<float> Span => _managed is not null ? _managed : Value.GetTensorMutableDataAsSpan<float>();

        public static BatchInput Managed(long[] shape)
        {
            var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
            return new BatchInput(OrtValue.CreateTensorValueFromMemory(data, shape), data);
        }

        public static BatchInput Allocated(OrtAllocator allocator, long[] shape) =>
            new(OrtValue.CreateAllocatedTensorValue(allocator, TensorElementType.Float, shape), null);

        public void Dispose() => Value.Dispose();
    }
}
