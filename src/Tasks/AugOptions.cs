using System.Globalization;
using System.Text.RegularExpressions;

namespace AugBuild.Tasks;

/// <summary>
/// Validates the Aug* properties before any work starts, so a typo fails in milliseconds with the property's
/// name instead of after featurization inside the worker.
/// </summary>
internal static partial class AugOptions
{
    public static readonly IReadOnlyList<string> Policies =
    [
        "baseline", "deterministic-proportional", "deterministic-inverse", "random-proportional", "random-inverse", "vsv",
    ];

    public static readonly IReadOnlyList<string> Scores = ["loss", "influence"];
    public static readonly IReadOnlyList<string> Devices = ["auto", "cpu", "cuda"];
    public static readonly IReadOnlyList<string> Formats = ["png", "source"];

    /// <summary>Returns an error message, or null when <paramref name="budget"/> is a count or a percentage in [0, 100].</summary>
    public static string? CheckBudget(string budget)
    {
        var text = budget.Trim();
        if (CountPattern().IsMatch(text))
        {
            return null;
        }

        var match = PercentPattern().Match(text);
        if (match.Success
            && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            && percent <= 100)
        {
            return null;
        }

        return $"AugBudget '{budget}' is neither a count of images (e.g. 50) nor a percentage between 0% and 100% (e.g. 10%). Set AugBudget in the project file.";
    }

    public static string? CheckChoice(string property, string value, IReadOnlyList<string> allowed) =>
        allowed.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase)
            ? null
            : $"{property} '{value}' is not one of: {string.Join(", ", allowed)}. Set {property} in the project file.";

    public static string? CheckSeed(string seed) =>
        seed.Length == 0 || int.TryParse(seed.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? null
            : $"AugSeed '{seed}' is not an integer. Set AugSeed to a whole number (e.g. 1) or leave it empty.";

    public static string? CheckC(string c) =>
        c.Trim().Length == 0 || c.Trim().Equals("cv", StringComparison.OrdinalIgnoreCase)
        || (double.TryParse(c.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
            ? null
            : $"AugC '{c}' is not a positive number or 'cv'. Set AugC to e.g. 1, or leave it empty to choose C by cross-validation.";

    /// <summary>resnet18, pixels, pixels:&lt;side&gt; or a path to an .onnx file.</summary>
    public static string? CheckFeaturizer(string featurizer)
    {
        var text = featurizer.Trim();
        if (text.Equals("resnet18", StringComparison.OrdinalIgnoreCase) || PixelsPattern().IsMatch(text) || IsModelPath(text))
        {
            return null;
        }

        return $"AugFeaturizer '{featurizer}' is not 'resnet18', 'pixels', 'pixels:<side>' (e.g. pixels:16) or a path to an .onnx file. Set AugFeaturizer in the project file.";
    }

    public static bool IsModelPath(string featurizer) =>
        featurizer.Trim().EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[0-9]+$")]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*%$")]
    private static partial Regex PercentPattern();

    [GeneratedRegex(@"^pixels(:[1-9][0-9]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PixelsPattern();
}
