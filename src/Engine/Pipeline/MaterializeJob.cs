using AugBuild.Engine.Settings;

namespace AugBuild.Engine.Pipeline;

/// <summary>What the materialize stage needs: the images, the selection, and how to write the dataset.</summary>
public sealed record MaterializeJob
{
    public required string Images { get; init; }

    public required string SelectionFile { get; init; }

    public required string OutputDir { get; init; }

    public OutputSettings Output { get; init; } = OutputSettings.Default;

    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Write only this shard's part to <c>&lt;out&gt;/.augbuild/parts/</c> (the map of a sharded run, docs/scale-out.md);
    /// <c>augbuild gather</c> then writes the dataset. Null writes the dataset itself.
    /// </summary>
    public ScaleOut.ShardSpec? Shard { get; init; }

    /// <summary>
    /// Warn (AUG6030) about images missing from the selection. <c>run</c> turns it off: there the only missing
    /// images are the undecodable ones the score stage already listed in its one AUG6010 warning.
    /// </summary>
    public bool WarnImagesNotInSelection { get; init; } = true;
}
