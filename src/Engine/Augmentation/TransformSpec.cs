using System.Globalization;

namespace AugBuild.Engine.Augmentation;

/// <summary>
/// One item of a transform set: a transform and its user parameter list, or null for the paper's
/// defaults (which scale with the image size; see <see cref="TransformScale"/>).
/// </summary>
public sealed record TransformSpec(TransformKind Kind, IReadOnlyList<double>? Parameters)
{
    /// <summary>The name used in transform sets and in the Parquet `transform` column.</summary>
    public string Name => NameOf(Kind);

    /// <summary>Copies this item makes of each image (independent of the image size).</summary>
    public int CopiesPerImage => Kind switch
    {
        TransformKind.Translate or TransformKind.TranslateDiagonal => 4 * (Parameters?.Count ?? 1),
        TransformKind.Rotate => Parameters?.Count ?? TransformScale.DefaultRotationAngles.Count,
        TransformKind.Crop => Parameters?.Count ?? TransformScale.DefaultCropSteps,
        _ => 1,
    };

    public static string NameOf(TransformKind kind) => kind switch
    {
        TransformKind.Translate => "translate",
        TransformKind.Rotate => "rotate",
        TransformKind.Crop => "crop",
        TransformKind.FlipHorizontal => "flip-h",
        TransformKind.FlipVertical => "flip-v",
        TransformKind.TranslateDiagonal => "translate-diagonal",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Canonical text: <c>name</c> or <c>name:p1,p2</c> with invariant round-trip numbers.</summary>
    public override string ToString() => Parameters is null
        ? Name
        : Name + ":" + string.Join(",", Parameters.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
}
