using System.Globalization;
using AugBuild.Engine.Diagnostics;
using SkiaSharp;

namespace AugBuild.Engine.Augmentation;

/// <summary>
/// A set of transforms applied exhaustively to every selected image.
/// Grammar: items separated by ',' or ';'. An item is <c>name</c> or <c>name:p1</c>; a following item that
/// parses as a number is another parameter of the transform before it, so <c>translate,rotate</c> is two
/// transforms and <c>rotate:-10,10</c> is one with two angles. A number directly after ';', or after a
/// transform written without ':', is an error, so <c>rotate:-10,10;crop:2,4</c> reads the same either way.
/// Names: translate, rotate, crop, flip-h, flip-v (case-insensitive); <c>none</c> is the empty set.
/// </summary>
public sealed class TransformSet
{
    public static IReadOnlyList<string> KnownNames { get; } = ["translate", "rotate", "crop", "flip-h", "flip-v"];

    private const string Property = "AugmentTransforms";

    private TransformSet(IReadOnlyList<TransformSpec> specs) => Specs = specs;

    public static TransformSet None { get; } = new([]);

    public IReadOnlyList<TransformSpec> Specs { get; }

    /// <summary>Copies made of each selected image (does not depend on its size).</summary>
    public int CopiesPerImage => Specs.Sum(s => s.CopiesPerImage);

    public static TransformSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
            throw new AugBuildException(AugmentationErrors.EmptyItem,
                $"The transform set is empty. Name one or more of {string.Join(", ", KnownNames)}, or 'none'.", Property);
        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase)) return None;

        var items = new List<(TransformKind Kind, List<double>? Values)>();
        foreach (var group in trimmed.Split(';'))
        {
            bool acceptsNumber = false;
            foreach (var raw in group.Split(','))
            {
                var token = raw.Trim();
                if (token.Length == 0)
                    throw new AugBuildException(AugmentationErrors.EmptyItem,
                        $"The transform set '{text}' has an empty item; separate transforms with ',' or ';'.", Property);
                if (TryNumber(token, out double number))
                {
                    if (!acceptsNumber)
                        throw new AugBuildException(AugmentationErrors.ParameterWithoutTransform,
                            $"The number '{token}' in '{text}' does not follow a transform with ':'; write parameters as name:p1,p2 (e.g. rotate:-10,10).", Property);
                    items[^1].Values!.Add(number);
                    continue;
                }

                int colon = token.IndexOf(':', StringComparison.Ordinal);
                var name = (colon < 0 ? token : token[..colon]).Trim();
                var kind = ParseName(name, text);
                if (items.Any(i => i.Kind == kind))
                    throw new AugBuildException(AugmentationErrors.DuplicateTransform,
                        $"'{name}' appears twice in '{text}'; list all its parameters once (e.g. rotate:-10,10).", Property);
                List<double>? values = null;
                if (colon >= 0)
                {
                    var first = token[(colon + 1)..].Trim();
                    if (!TryNumber(first, out double value))
                        throw new AugBuildException(AugmentationErrors.InvalidParameter,
                            $"'{first}' after '{name}:' in '{text}' is not a number. {RangeText(kind)}", Property);
                    values = [value];
                }

                items.Add((kind, values));
                acceptsNumber = colon >= 0;
            }
        }

        return new TransformSet(items.Select(i => Validate(i.Kind, i.Values, text)).ToArray());
    }

    /// <summary>
    /// The copies of one image of this size, in a fixed order: items in set order, parameters in the order
    /// given (defaults: translate (+t,+t), (+t,-t), (-t,+t), (-t,-t); rotate ascending; crop ascending).
    /// </summary>
    public IReadOnlyList<TransformCopy> Expand(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Image size must be positive.");
        var copies = new List<TransformCopy>(CopiesPerImage);
        foreach (var spec in Specs)
        {
            switch (spec.Kind)
            {
                case TransformKind.Translate:
                    var shifts = spec.Parameters?.Select(p => (int)p).ToArray() ?? [TransformScale.DefaultShift(width, height)];
                    foreach (int t in shifts)
                    {
                        CheckFits(t < Math.Min(width, height), spec, $"a shift of {t} px", width, height, Math.Min(width, height) - 1);
                        foreach (var (dx, dy) in new[] { (t, t), (t, -t), (-t, t), (-t, -t) })
                            Add(copies, spec, $"{{\"dx\":{dx},\"dy\":{dy}}}", AffineMap.Translate(dx, dy), width, height);
                    }

                    break;
                case TransformKind.Rotate:
                    foreach (double a in spec.Parameters ?? TransformScale.DefaultRotationAngles)
                        Add(copies, spec, $"{{\"degrees\":{Number(a)}}}", AffineMap.Rotate(a, width, height), width, height);
                    break;
                case TransformKind.Crop:
                    var margins = spec.Parameters?.Select(p => (int)p).ToArray() ?? TransformScale.DefaultCropMargins(width, height);
                    foreach (int m in margins)
                    {
                        CheckFits(2 * m < Math.Min(width, height), spec, $"a crop of {m} px from every side", width, height, (Math.Min(width, height) - 1) / 2);
                        Add(copies, spec, $"{{\"margin\":{m}}}", AffineMap.CropResize(m, width, height), width, height,
                            new SKRectI(m, m, width - m, height - m));
                    }

                    break;
                case TransformKind.FlipHorizontal:
                    Add(copies, spec, "{}", AffineMap.FlipHorizontal(width), width, height);
                    break;
                case TransformKind.FlipVertical:
                    Add(copies, spec, "{}", AffineMap.FlipVertical(height), width, height);
                    break;
            }
        }

        return copies;
    }

    /// <summary>Canonical form (';' between items), stable for cache keys and the dataset card.</summary>
    public override string ToString() => Specs.Count == 0 ? "none" : string.Join(";", Specs);

    private static void Add(List<TransformCopy> copies, TransformSpec spec, string json, AffineMap map, int w, int h,
        SKRectI? window = null) =>
        copies.Add(new TransformCopy(spec.Name, copies.Count, json, map, w, h, window));

    private static void CheckFits(bool fits, TransformSpec spec, string what, int w, int h, int max)
    {
        if (!fits)
            throw new AugBuildException(AugmentationErrors.TooLargeForImage,
                $"'{spec}' asks for {what}, too large for a {w}x{h} image (at most {max} px); give smaller parameters (e.g. {spec.Name}:{Math.Max(1, max)}).",
                Property);
    }

    private static TransformKind ParseName(string name, string text)
    {
        for (int i = 0; i < KnownNames.Count; i++)
            if (KnownNames[i].Equals(name, StringComparison.OrdinalIgnoreCase))
                return (TransformKind)i;
        throw new AugBuildException(AugmentationErrors.UnknownTransform,
            $"Unknown transform '{name}' in '{text}'. Valid names: {string.Join(", ", KnownNames)} (or 'none').", Property);
    }

    private static TransformSpec Validate(TransformKind kind, List<double>? values, string text)
    {
        if (values is null) return new TransformSpec(kind, null);
        if (kind is TransformKind.FlipHorizontal or TransformKind.FlipVertical)
            throw new AugBuildException(AugmentationErrors.UnexpectedParameters,
                $"'{TransformSpec.NameOf(kind)}' takes no parameters (in '{text}').", Property);
        foreach (double v in values)
        {
            bool ok = kind switch
            {
                TransformKind.Rotate => v is >= -180 and <= 180 && v != 0,
                _ => v >= 1 && v <= 100_000 && v == Math.Floor(v),
            };
            if (!ok)
                throw new AugBuildException(AugmentationErrors.InvalidParameter,
                    $"{Number(v)} is not a valid parameter of '{TransformSpec.NameOf(kind)}' in '{text}'. {RangeText(kind)}", Property);
        }

        if (values.Distinct().Count() != values.Count)
            throw new AugBuildException(AugmentationErrors.InvalidParameter,
                $"'{TransformSpec.NameOf(kind)}' lists a parameter twice in '{text}'; each would make an identical copy.", Property);
        return new TransformSpec(kind, values.ToArray());
    }

    private static string RangeText(TransformKind kind) => kind switch
    {
        TransformKind.Rotate => "rotate takes angles in degrees in [-180, 180], not 0 (e.g. rotate:-10,10).",
        TransformKind.Translate => "translate takes whole-pixel shifts >= 1, each giving the four diagonal copies (e.g. translate:3).",
        TransformKind.Crop => "crop takes whole-pixel margins >= 1, less than half the image (e.g. crop:2,4).",
        _ => "flips take no parameters.",
    };

    private static bool TryNumber(string token, out double value) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
