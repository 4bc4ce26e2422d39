namespace AugBuild.Engine.Augmentation;

/// <summary>
/// How the paper's default parameters scale with the image. One unit f = max(1, round(min(W, H) / 32)),
/// rounding halves up: f = 1 for the paper's 28-32 px images, 3 at 96 px, 7 at 224 px.
/// Default translate shift t = 2f (2 px at 28-32 px, 6 px at 96 px: both anchors of method.md).
/// Default crop margins m = f, 2f, ..., 6f (1..6 px at 28-32 px): the crop keeps the same fraction of
/// the image at every size. User-given parameters are absolute pixels and never scale.
/// </summary>
public static class TransformScale
{
    public const int DefaultCropSteps = 6;

    /// <summary>15 angles evenly spaced in [-30, 30] degrees with 0 removed: -30, -25.71..., ..., 30.</summary>
    public static IReadOnlyList<double> DefaultRotationAngles { get; } =
        Enumerable.Range(0, 15).Where(i => i != 7).Select(i => -30.0 + 60.0 * i / 14.0).ToArray();

    public static int Unit(int width, int height) =>
        Math.Max(1, (int)Math.Round(Math.Min(width, height) / 32.0, MidpointRounding.AwayFromZero));

    public static int DefaultShift(int width, int height) => 2 * Unit(width, height);

    public static IReadOnlyList<int> DefaultCropMargins(int width, int height)
    {
        int f = Unit(width, height);
        return Enumerable.Range(1, DefaultCropSteps).Select(k => k * f).ToArray();
    }
}
