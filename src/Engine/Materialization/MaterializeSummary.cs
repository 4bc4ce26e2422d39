namespace AugBuild.Engine.Materialization;

/// <summary>What a materialize run wrote.</summary>
public sealed record MaterializeSummary(
    long Rows,
    long Originals,
    long Copies,
    int Shards,
    long Bytes,
    TimeSpan Elapsed,
    int SkippedImages,
    long SkippedRows,
    IReadOnlyList<string> Files);
