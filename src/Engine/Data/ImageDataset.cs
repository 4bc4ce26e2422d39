namespace AugBuild.Engine.Data;

/// <summary>A labelled image set: the entries in a stable order and the class names by label index.</summary>
public sealed class ImageDataset
{
    public ImageDataset(string root, IReadOnlyList<string> classNames, IReadOnlyList<ImageEntry> images)
    {
        Root = root;
        ClassNames = classNames;
        Images = images;
    }

    /// <summary>The folder the entries' paths are relative to.</summary>
    public string Root { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<ImageEntry> Images { get; }

    public int ClassCount => ClassNames.Count;

    public int Count => Images.Count;

    public int[] Labels() => Images.Select(i => i.Label).ToArray();
}
