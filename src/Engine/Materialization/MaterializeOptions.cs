using SkiaSharp;

namespace AugBuild.Engine.Materialization;

/// <summary>Where and how the training set is written.</summary>
public sealed record MaterializeOptions
{
    /// <summary>The run's output folder; shards and the card go to its <c>dataset/</c> subfolder.</summary>
    public required string OutputDirectory { get; init; }

    public OutputImageFormat Format { get; init; } = OutputImageFormat.Png;

    /// <summary>Upper bound of each shard file in bytes (see <see cref="ShardSize.Parse"/>).</summary>
    public long ShardSizeBytes { get; init; } = ShardSize.Default;

    /// <summary>Images decoded, transformed and encoded at once; the output is identical for every value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// A row group closes at this many rows or <see cref="RowGroupMaxBytes"/>, whichever comes first.
    /// Image rows are large: 16 MiB is about 160 rows of 224 px PNGs (close to the 100-row groups Hugging Face
    /// writes for image sets, cheap random access in its viewer), and 1000 rows keeps the footer small for
    /// 28 px images (about 0.5 MB a group). It also bounds memory: one group is buffered per writer.
    /// </summary>
    public int RowGroupMaxRows { get; init; } = 1000;

    public long RowGroupMaxBytes { get; init; } = 16L << 20;

    /// <summary>
    /// Decodes an image file's bytes (second argument: its path, for messages); null or an exception means
    /// undecodable, and the exception's message goes into the AUG5051 warning. Default: <c>SKBitmap.Decode</c>,
    /// which ignores EXIF orientation; pass the engine's image decoder so the written pixels are the ones
    /// that were featurized and scored.
    /// </summary>
    public Func<byte[], string, SKBitmap?>? Decoder { get; init; }

    /// <summary>Opens a new shard file for writing; default a <see cref="FileStream"/>. A seam for tests that inject I/O faults (a full disk).</summary>
    public Func<string, Stream>? CreateShardStream { get; init; }
}
