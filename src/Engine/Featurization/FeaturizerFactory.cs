using System.Globalization;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Settings;
using AugBuild.Settings;
using Onnx;
using static AugBuild.Settings.SettingCatalog;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Builds a featurizer from a --featurizer spec:
/// <c>resnet18</c> (default), <c>pixels[:side][:gray|rgb]</c>, or <c>&lt;path&gt;.onnx</c> / <c>onnx:&lt;path&gt;</c>.
/// </summary>
public static class FeaturizerFactory
{
    public const string DefaultSpec = FeaturizerGrammar.Default;

    public static IFeaturizer Create(string? spec, FeaturizerOptions options, IReporter reporter)
    {
        var parsed = SettingParse.Run(() => FeaturizerGrammar.Parse(spec, SettingCatalog.Featurizer.Option));
        var settings = options.Settings;
        if (settings.BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), settings.BatchSize, "The batch size must be at least 1.");

        return parsed.Kind switch
        {
            FeaturizerKind.ResNet18 => CreateResNet18(options, reporter),
            // Batching buys nothing for pixels (inference is a copy); a small batch keeps few large images in flight.
            FeaturizerKind.Pixels => new PixelsFeaturizer(parsed.Side, Enum.Parse<PixelChannels>(parsed.Channels, ignoreCase: true), Math.Min(settings.BatchSize, 8)),
            _ => CreateOnnx(parsed.ModelPath!, options, reporter),
        };
    }

    private static OnnxFeaturizer CreateResNet18(FeaturizerOptions options, IReporter reporter)
    {
        var model = OnnxModelFile.Load(ResNet18Files.LocateModel(options.Settings.ModelPath));
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
        var full = Path.GetFullPath(path, options.BaseDirectory ?? Directory.GetCurrentDirectory());
        var model = OnnxModelFile.Load(full);
        var inputs = model.FeedInputs;
        var input = options.Settings.InputName is { } wanted
            ? inputs.FirstOrDefault(i => i.Name == wanted) ?? throw Mismatch(model, $"has no input '{wanted}' (inputs: {Names(inputs)})", OnnxInput.Option)
            : inputs.Count == 1 ? inputs[0] : throw Mismatch(model, $"has {inputs.Count} inputs ({Names(inputs)}); choose one with --onnx-input (AugOnnxInput)", OnnxInput.Option);
        var outputs = model.Model.Graph.Output;
        var output = options.Settings.OutputName is { } wantedOut
            ? outputs.FirstOrDefault(o => o.Name == wantedOut) ?? throw Mismatch(model, $"has no output '{wantedOut}' (outputs: {Names(outputs)})", OnnxOutput.Option)
            : outputs[0];

        if (input.Type?.TensorType?.ElemType is not (int)TensorProto.Types.DataType.Float)
            throw Mismatch(model, $"input '{input.Name}' is not a float tensor; an image input is float [N, C, H, W] or [N, H, W, C]", OnnxInput.Option);
        var dims = OnnxModelFile.Dims(input);
        if (dims.Length != 4)
            throw Mismatch(model, $"input '{input.Name}' has rank {dims.Length}; an image input is [N, C, H, W] or [N, H, W, C]", OnnxInput.Option);
        var channelsLast = dims[1] is not (1 or 3) && dims[3] is 1 or 3;
        var channels = (int)(channelsLast ? dims[3]!.Value : dims[1] ?? 3);
        if (channels is not (1 or 3))
            throw Mismatch(model, $"input '{input.Name}' has {channels} channels; 1 (gray) or 3 (RGB) are supported", OnnxInput.Option);
        var (h, w) = channelsLast ? (dims[1], dims[2]) : (dims[2], dims[3]);
        var height = Side(model, h, options.Settings.Side, "height");
        var width = Side(model, w, options.Settings.Side, "width");

        var mean = Normalisation(model, options.Settings.Mean, OnnxMean, channels, 0f);
        var std = Normalisation(model, options.Settings.Std, OnnxStd, channels, 1f);
        if (std.Any(s => s <= 0))
            throw Mismatch(model, $"has metadata std='{model.Metadata("std")}', which is not all positive; give --onnx-std (AugOnnxStd)", OnnxStd.Option);
        var transform = new ChannelNormalization(channels, height, width, mean, std, channelsLast);

        var identity = $"onnx/v1;model={model.Hash};input={input.Name};output={output.Name};{transform.Description}";
        return Build(Path.GetFileName(full), identity, model, input.Name, output.Name, transform, options, reporter);
    }

    private static OnnxFeaturizer Build(
        string name, string identity, OnnxModelFile model, string inputName, string outputName, IInputTransform transform,
        FeaturizerOptions options, IReporter reporter)
    {
        var (path, rewritten) = model.WithSymbolicBatch(inputName, options.ModelCacheDirectory, reporter);
        var output = model.Model.Graph.Output.First(o => o.Name == outputName);
        var outDims = OnnxModelFile.Dims(output);
        var dimension = outDims.Length > 1 && outDims.Skip(1).All(d => d is not null) ? (int)outDims.Skip(1).Aggregate(1L, (a, d) => a * d!.Value) : 0;
        return new OnnxFeaturizer(name, identity, () => OrtSessionFactory.Create(path, name, options, reporter), !options.OpenSessionOnFirstBatch, inputName, outputName, transform, dimension, options.Settings.BatchSize, rewritten, reporter);
    }

    private static int Side(OnnxModelFile model, long? fromModel, int? option, string what)
    {
        if (fromModel is { } fixedSide)
        {
            return option is null || option == fixedSide
                ? (int)fixedSide
                : throw Mismatch(model, $"has a fixed input {what} of {fixedSide} but --onnx-side is {option}; drop --onnx-side (AugOnnxSide)", OnnxSide.Option);
        }

        return option ?? throw new AugBuildException(
            FeaturizationErrors.SideRequired,
            $"ONNX model '{model.Path}' has a symbolic input {what}: give the image side in pixels with --onnx-side (AugOnnxSide).",
            model.Path);
    }

    /// <summary>The option, else the model's metadata (comma-separated), else the default; one value broadcasts.</summary>
    private static float[] Normalisation(OnnxModelFile model, float[]? option, SettingDefinition setting, int channels, float fallback)
    {
        var key = setting.Option[7..]; // "--onnx-mean" reads metadata "mean"
        var values = option;
        if (values is null && model.Metadata(key) is { } text)
        {
            try
            {
                values = [.. text.Split(',', StringSplitOptions.TrimEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
            }
            catch (FormatException)
            {
                throw Mismatch(model, $"has metadata {key}='{text}', which is not a comma-separated list of numbers; give {setting.Option} ({setting.Property})", setting.Option);
            }
        }

        values ??= [fallback];
        if (values.Length == 1)
            return [.. Enumerable.Repeat(values[0], channels)];
        return values.Length == channels
            ? values
            : throw Mismatch(model, $"has {channels} channels but the {key} has {values.Length} values; give 1 or {channels} values to {setting.Option} ({setting.Property})", setting.Option);
    }

    private static string Names(IEnumerable<ValueInfoProto> values) => string.Join(", ", values.Select(v => v.Name));

    private static AugBuildException Mismatch(OnnxModelFile model, string what, string option) =>
        new(FeaturizationErrors.ModelOptionMismatch, $"ONNX model '{model.Path}' {what}.", option);
}
