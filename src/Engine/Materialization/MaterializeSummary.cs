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
    IReadOnlyList<string> Files)
{
    /// <summary>
    /// The dataset in one line without any path (the build's `Project -> dataset (...)` line carries it, and the
    /// terminal logger links the text before the first parenthesis as a path), e.g. "420 rows: 300 originals and
    /// 120 copies of the 30 images selected by moderate on loss". Set by the materialize stage.
    /// </summary>
    public string Description { get; init; } = "";
}
