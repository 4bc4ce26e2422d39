using System.Globalization;

namespace AugBuild.Settings;

internal enum FeaturizerKind
{
    ResNet18,
    Pixels,
    Onnx,
}

/// <summary>A parsed featurizer spec: resnet18, pixels with an optional side and channel mode, or an ONNX model file.</summary>
internal readonly record struct FeaturizerValue(FeaturizerKind Kind, int? Side, string Channels, string? ModelPath)
{
    /// <summary>The canonical text, which <see cref="FeaturizerGrammar.Parse"/> reads back.</summary>
    public override string ToString() => Kind switch
    {
        FeaturizerKind.ResNet18 => "resnet18",
        FeaturizerKind.Pixels => "pixels" + (Side is { } s ? ":" + s.ToString(CultureInfo.InvariantCulture) : "") + (Channels == "auto" ? "" : ":" + Channels),
        _ => ModelPath!,
    };
}

/// <summary><c>resnet18</c> (default), <c>pixels[:side][:gray|rgb|auto]</c>, or <c>&lt;path&gt;.onnx</c> / <c>onnx:&lt;path&gt;</c>.</summary>
internal static class FeaturizerGrammar
{
    public const string Default = "resnet18";

    public static IReadOnlyList<string> ChannelModes { get; } = ["auto", "gray", "rgb"];

    public static FeaturizerValue Parse(string? text, string setting)
    {
        var spec = string.IsNullOrWhiteSpace(text) ? Default : text.Trim();
        if (spec.Equals("resnet18", StringComparison.OrdinalIgnoreCase))
            return new FeaturizerValue(FeaturizerKind.ResNet18, null, "auto", null);
        if (spec.Equals("pixels", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("pixels:", StringComparison.OrdinalIgnoreCase))
            return Pixels(spec, setting);
        if (spec.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
        {
            var path = spec[5..].Trim();
            return path.Length > 0 ? new FeaturizerValue(FeaturizerKind.Onnx, null, "auto", path) : throw Invalid(spec, "no model path", setting);
        }

        if (spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            return new FeaturizerValue(FeaturizerKind.Onnx, null, "auto", spec);
        throw Invalid(spec, "unknown featurizer", setting);
    }

    private static FeaturizerValue Pixels(string spec, string setting)
    {
        int? side = null;
        var channels = "auto";
        foreach (var part in spec.Split(':').Skip(1))
        {
            if (part.Length == 0)
                continue;
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 4096)
                side = s;
            else if (ChannelModes.FirstOrDefault(m => m.Equals(part, StringComparison.OrdinalIgnoreCase)) is { } mode)
                channels = mode;
            else
                throw Invalid(spec, $"'{part}' is neither a side in pixels (1-4096) nor gray, rgb or auto", setting);
        }

        return new FeaturizerValue(FeaturizerKind.Pixels, side, channels, null);
    }

    private static SettingException Invalid(string spec, string why, string setting) =>
        new(SettingErrors.InvalidFeaturizer,
            $"Featurizer '{spec}' is invalid ({why}). Set {setting} to resnet18 (default), pixels[:side][:gray|rgb] (e.g. pixels:28), or a model file path ending in .onnx.",
            setting);
}
