namespace AugBuild.Engine.Augmentation;

/// <summary>AUG50xx: parsing and applying transform sets (docs/errors.md).</summary>
public static class AugmentationErrors
{
    /// <summary>A transform name that is not one of <see cref="TransformSet.KnownNames"/>.</summary>
    public const string UnknownTransform = "AUG5001";

    /// <summary>A parameter that is not a number or is outside the transform's range.</summary>
    public const string InvalidParameter = "AUG5002";

    /// <summary>A number with no transform before it, or after a transform written without ':'.</summary>
    public const string ParameterWithoutTransform = "AUG5003";

    /// <summary>A transform that takes no parameters was given some.</summary>
    public const string UnexpectedParameters = "AUG5004";

    /// <summary>The same transform named twice; its copies would repeat.</summary>
    public const string DuplicateTransform = "AUG5005";

    /// <summary>A crop or shift too large for the image it is applied to.</summary>
    public const string TooLargeForImage = "AUG5006";

    /// <summary>An empty item in the list (e.g. "rotate,,crop").</summary>
    public const string EmptyItem = "AUG5007";
}
