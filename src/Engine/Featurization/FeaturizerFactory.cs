using System.Globalization;
using AugBuild.Engine.Diagnostics;
using Onnx;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Builds a featurizer from a --featurizer spec:
/// <c>resnet18</c> (default), <c>pixels[:side][:gray|rgb]</c>, or <c>&lt;path&gt;.onnx</c> / <c>onnx:&lt;path&gt;</c>.
/// </summary>
public static class FeaturizerFactory
{
    public const string DefaultSpec = "resnet18";

    public static IFeaturizer Create(string? spec, FeaturizerOptions options, IReporter reporter)
    {
        spec = string.IsNullOrWhiteSpace(spec) ? DefaultSpec : spec.Trim();
        if (options.BatchSize < 1)
            throw new AugBuildException(FeaturizationErrors.InvalidOption, $"Batch size must be at least 1 (got {options.BatchSize}).", "BatchSize");

        if (spec.Equals("resnet18", StringComparison.OrdinalIgnoreCase))
            return CreateResNet18(options, reporter);
        if (spec.Equals("pixels", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("pixels:", StringComparison.OrdinalIgnoreCase))
            return CreatePixels(spec, options);
        if (spec.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
            return CreateOnnx(spec[5..], options, reporter);
        if (spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            return CreateOnnx(spec, options, reporter);
        throw InvalidSpec(spec, "unknown featurizer");
    }

    private static PixelsFeaturizer CreatePixels(string spec, FeaturizerOptions options)
    {
        int? side = null;
        var channels = PixelChannels.Auto;
        foreach (var part in spec.Split(':').Skip(1))
        {
            if (part.Length == 0)
                continue;
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 4096)
                side = s;
            else if (Enum.TryParse<PixelChannels>(part, ignoreCase: true, out var c) && !int.TryParse(part, out _))
                channels = c;
            else
                throw InvalidSpec(spec, $"'{part}' is neither a side in pixels (1-4096) nor gray, rgb or auto");
        }

        // Batching buys nothing for pixels (inference is a copy); a small batch keeps few large images in flight.
        return new PixelsFeaturizer(side, channels, Math.Min(options.BatchSize, 8));
    }

    private static OnnxFeaturizer CreateResNet18(FeaturizerOptions options, IReporter reporter)
    {
        var model = OnnxModelFile.Load(ResNet18Files.LocateModel(options.ModelPath));
        var preprocessPath = ResNet18Files.LocatePreprocess(model.Path);
        var preprocess = OnnxModelFile.Load(preprocessPath);
        var transform = new MeanImageBgr(ResNet18Files.ReadMeanImage(preprocess), ResNet18Files.Side, preprocess.Hash);
        if (model.FeedInputs.All(i => i.Name != ResNet18Files.InputName))
            throw new AugBuildException(FeaturizationErrors.InvalidModel, $"'{model.Path}' has no input '{ResNet18Files.InputName}': it is not the ResNet18 of {ResNet18Files.PackageId}.", model.Path);

        var identity = $"resnet18/v1;model={model.Hash};input={ResNet18Files.InputName};output={ResNet18Files.OutputName};{transform.Description}";
        return Build("resnet18", identity, model, ResNet18Files.InputName, ResNet18Files.OutputName, transform, options, reporter);
    }

    private static OnnxFeaturizer CreateOnnx(string path, FeaturizerOptions options, IReporter reporter)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw InvalidSpec("onnx:", "no model path");
        var full = Path.GetFullPath(path, options.BaseDirectory ?? Directory.GetCurrentDirectory());
        var model = OnnxModelFile.Load(full);
        var inputs = model.FeedInputs;
        var input = options.InputName is { } wanted
            ? inputs.FirstOrDefault(i => i.Name == wanted) ?? throw Mismatch(model, $"has no input '{wanted}' (inputs: {Names(inputs)})", "InputName")
            : inputs.Count == 1 ? inputs[0] : throw Mismatch(model, $"has {inputs.Count} inputs ({Names(inputs)}); choose one with the input name option", "InputName");
        var outputs = model.Model.Graph.Output;
        var output = options.OutputName is { } wantedOut
            ? outputs.FirstOrDefault(o => o.Name == wantedOut) ?? throw Mismatch(model, $"has no output '{wantedOut}' (outputs: {Names(outputs)})", "OutputName")
            : outputs[0];

        if (input.Type?.TensorType?.ElemType is not (int)TensorProto.Types.DataType.Float)
            throw Mismatch(model, $"input '{input.Name}' is not a float tensor; an image input is float [N, C, H, W] or [N, H, W, C]", "InputName");
        var dims = OnnxModelFile.Dims(input);
        if (dims.Length != 4)
            throw Mismatch(model, $"input '{input.Name}' has rank {dims.Length}; an image input is [N, C, H, W] or [N, H, W, C]", "InputName");
        var channelsLast = dims[1] is not (1 or 3) && dims[3] is 1 or 3;
        var channels = (int)(channelsLast ? dims[3]!.Value : dims[1] ?? 3);
        if (channels is not (1 or 3))
            throw Mismatch(model, $"input '{input.Name}' has {channels} channels; 1 (gray) or 3 (RGB) are supported", "InputName");
        var (h, w) = channelsLast ? (dims[1], dims[2]) : (dims[2], dims[3]);
        var height = Side(model, h, options.Side, "height");
        var width = Side(model, w, options.Side, "width");

        var mean = Normalisation(model, options.Mean, "mean", channels, 0f);
        var std = Normalisation(model, options.Std, "std", channels, 1f);
        if (std.Any(s => s <= 0))
            throw new AugBuildException(FeaturizationErrors.InvalidOption, "Every std value must be positive.", "Std");
        var transform = new ChannelNormalization(channels, height, width, mean, std, channelsLast);

        var identity = $"onnx/v1;model={model.Hash};input={input.Name};output={output.Name};{transform.Description}";
        return Build(Path.GetFileName(full), identity, model, input.Name, output.Name, transform, options, reporter);
    }

    private static OnnxFeaturizer Build(
        string name, string identity, OnnxModelFile model, string inputName, string outputName, IInputTransform transform,
        FeaturizerOptions options, IReporter reporter)
    {
        var (path, rewritten) = model.WithSymbolicBatch(inputName, options.ModelCacheDirectory);
        var (session, provider) = OrtSessionFactory.Create(path, name, options, reporter);
        var output = model.Model.Graph.Output.First(o => o.Name == outputName);
        var outDims = OnnxModelFile.Dims(output);
        var dimension = outDims.Length > 1 && outDims.Skip(1).All(d => d is not null) ? (int)outDims.Skip(1).Aggregate(1L, (a, d) => a * d!.Value) : 0;
        return new OnnxFeaturizer(name, identity, session, provider, inputName, outputName, transform, dimension, options.BatchSize, rewritten, reporter);
    }

    private static int Side(OnnxModelFile model, long? fromModel, int? option, string what)
    {
        if (fromModel is { } fixedSide)
        {
            return option is null || option == fixedSide
                ? (int)fixedSide
                : throw Mismatch(model, $"has a fixed input {what} of {fixedSide} but the side option is {option}; drop the option", "Side");
        }

        return option ?? throw new AugBuildException(
            FeaturizationErrors.SideRequired,
            $"ONNX model '{model.Path}' has a symbolic input {what}: give the image side in pixels (the side option).",
            model.Path);
    }

    /// <summary>The option, else the model's metadata (comma-separated), else the default; one value broadcasts.</summary>
    private static float[] Normalisation(OnnxModelFile model, float[]? option, string key, int channels, float fallback)
    {
        var values = option;
        if (values is null && model.Metadata(key) is { } text)
        {
            try
            {
                values = [.. text.Split(',', StringSplitOptions.TrimEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
            }
            catch (FormatException)
            {
                throw Mismatch(model, $"has metadata {key}='{text}', which is not a comma-separated list of numbers", key);
            }
        }

        values ??= [fallback];
        if (values.Length == 1)
            return [.. Enumerable.Repeat(values[0], channels)];
        return values.Length == channels
            ? values
            : throw new AugBuildException(FeaturizationErrors.InvalidOption, $"The {key} has {values.Length} values but the model has {channels} channels: give 1 or {channels}.", key);
    }

    private static string Names(IEnumerable<ValueInfoProto> values) => string.Join(", ", values.Select(v => v.Name));

    private static AugBuildException Mismatch(OnnxModelFile model, string what, string option) =>
        new(FeaturizationErrors.ModelOptionMismatch, $"ONNX model '{model.Path}' {what}.", option);

    private static AugBuildException InvalidSpec(string spec, string why) =>
        new(FeaturizationErrors.InvalidSpec,
            $"Featurizer '{spec}' is invalid ({why}). Use resnet18 (default), pixels[:side][:gray|rgb] (e.g. pixels:28), or a model file path ending in .onnx.",
            "Featurizer");
}
