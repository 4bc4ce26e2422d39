namespace AugBuild.Engine.Data;

/// <summary>AUG1xxx: finding and reading the dataset (docs/errors.md).</summary>
public static class DatasetErrors
{
    public const string InputNotFound = "AUG1001";
    public const string NoImages = "AUG1002";
    public const string ManifestMalformed = "AUG1003";
    public const string ManifestFileMissing = "AUG1004";
    public const string TooFewClasses = "AUG1005";
    public const string EmptyClassFolder = "AUG1006";
}
