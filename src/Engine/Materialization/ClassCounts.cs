namespace AugBuild.Engine.Materialization;

/// <summary>Rows written per class, for the dataset card.</summary>
internal sealed class ClassCounts(int classCount)
{
    public long[] Originals { get; } = new long[classCount];

    public long[] Augmented { get; } = new long[classCount];

    public long[] Copies { get; } = new long[classCount];

    public void Add(RenderedEntry entry)
    {
        int label = entry.Item.Entry.Label;
        Originals[label]++;
        long copies = entry.Rows!.Count - 1;
        Copies[label] += copies;
        if (entry.Item.Selected && entry.CopiesSkipped is null) Augmented[label]++;
    }
}
