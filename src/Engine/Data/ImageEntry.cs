namespace AugBuild.Engine.Data;

/// <summary>One image of a dataset.</summary>
/// <param name="Path">The path as the user gave it, relative to the dataset root, with forward slashes.</param>
/// <param name="FullPath">Absolute path on disk.</param>
/// <param name="Label">Class index (classes sorted ordinally).</param>
/// <param name="ClassName">Class name (folder name or manifest label).</param>
public sealed record ImageEntry(string Path, string FullPath, int Label, string ClassName);
