using System.Globalization;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Settings;
using AugBuild.Settings;
using SkiaSharp;

namespace AugBuild.Engine.Augmentation;

/// <summary>
/// A set of transforms applied exhaustively to every selected image. Its grammar (names, parameters and their
/// ranges) is the shared settings grammar's <see cref="TransformGrammar"/>; <c>none</c> is the empty set.
/// </summary>
public sealed class TransformSet
{
    public static IReadOnlyList<string> KnownNames => TransformGrammar.Names;

    private TransformSet(IReadOnlyList<TransformSpec> specs) => Specs = specs;

    public static TransformSet None { get; } = new([]);

    public IReadOnlyList<TransformSpec> Specs { get; }

    /// <summary>Copies made of each selected image (does not depend on its size).</summary>
    public int CopiesPerImage => Specs.Sum(s => s.CopiesPerImage);

    public static TransformSet Parse(string text, string property = "--transforms")
    {
        ArgumentNullException.ThrowIfNull(text);
        return SettingParse.Run(() => From(TransformGrammar.Parse(text, property)));
    }

    internal static TransformSet From(IReadOnlyList<TransformItem> items) =>
        items.Count == 0 ? None : new TransformSet(items.Select(i => new TransformSpec((TransformKind)i.Index, i.Parameters)).ToArray());

    /// <summary>
    /// The copies of one image of this size, in a fixed order: items in set order, parameters in the order
    /// given (defaults: translate the paper's cardinal shifts (0,-t), (0,+t), (-t,0), (+t,0); translate-diagonal (+t,+t), (+t,-t), (-t,+t), (-t,-t); rotate ascending; crop ascending).
    /// </summary>
    public IReadOnlyList<TransformCopy> Expand(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Image size must be positive.");
        var copies = new List<TransformCopy>(CopiesPerImage);
        foreach (var spec in Specs)
        {
            switch (spec.Kind)
            {
                case TransformKind.Translate or TransformKind.TranslateDiagonal:
                    var shifts = spec.Parameters?.Select(p => (int)p).ToArray() ?? [TransformScale.DefaultShift(width, height)];
                    foreach (int t in shifts)
                    {
                        CheckFits(t < Math.Min(width, height), spec, $"a shift of {t} px", width, height, Math.Min(width, height) - 1);
                        foreach (var (dx, dy) in Shifts(spec.Kind, t))
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

    /// <summary>
    /// The paper's translate (appendix B) shifts 2 px up, down, left and right (y grows downwards); the diagonal set
    /// is kept under its own name because the studies committed before this change used it.
    /// </summary>
    private static (int Dx, int Dy)[] Shifts(TransformKind kind, int t) => kind == TransformKind.TranslateDiagonal
        ? [(t, t), (t, -t), (-t, t), (-t, -t)]
        : [(0, -t), (0, t), (-t, 0), (t, 0)];

    /// <summary>Canonical form (';' between items), stable for cache keys and the dataset card.</summary>
    public override string ToString() => Specs.Count == 0 ? "none" : string.Join(";", Specs);

    private static void Add(List<TransformCopy> copies, TransformSpec spec, string json, AffineMap map, int w, int h,
        SKRectI? window = null) =>
        copies.Add(new TransformCopy(spec.Name, copies.Count, json, map, w, h, window));

    /// <summary>The parameters fit the grammar but not this image: named as the transform set's option.</summary>
    private static void CheckFits(bool fits, TransformSpec spec, string what, int w, int h, int max)
    {
        if (!fits)
        {
            throw new AugBuildException(AugmentationErrors.TooLargeForImage,
                max >= 1
                    ? $"'{spec}' asks for {what}, too large for a {w}x{h} image (at most {max} px); give smaller parameters (e.g. {spec.Name}:{max})."
                    : $"'{spec}' asks for {what}, but a {w}x{h} image is too small for any {spec.Name}; leave {spec.Name} out for such images, or enlarge them.",
                SettingCatalog.Transforms.Option);
        }
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
