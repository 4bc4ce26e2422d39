namespace AugBuild.Engine.Augmentation;

/// <summary>The transforms a set can name (method.md "Transforms").</summary>
public enum TransformKind
{
    Translate,
    Rotate,
    Crop,
    FlipHorizontal,
    FlipVertical,
}
