namespace AugBuild.Engine.Augmentation;

/// <summary>The transforms a set can name (method.md "Transforms").</summary>
public enum TransformKind
{
    Translate,
    Rotate,
    Crop,
    FlipHorizontal,
    FlipVertical,

    /// <summary>The four diagonal shifts (the set the tool used before it followed the paper's cardinal shifts).</summary>
    TranslateDiagonal,
}
