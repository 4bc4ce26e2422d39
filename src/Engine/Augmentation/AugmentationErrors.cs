namespace AugBuild.Engine.Augmentation;

/// <summary>AUG50xx: applying transform sets (their grammar's codes are in AugBuild.Settings.SettingErrors) (docs/errors.md).</summary>
public static class AugmentationErrors
{
    /// <summary>A crop or shift too large for the image it is applied to.</summary>
    public const string TooLargeForImage = "AUG5006";

}
