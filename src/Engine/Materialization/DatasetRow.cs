namespace AugBuild.Engine.Materialization;

/// <summary>One row of the training set as written to Parquet.</summary>
internal sealed record DatasetRow(
    byte[] ImageBytes,
    string ImagePath,
    long Label,
    string ClassName,
    string Source,
    bool Augmented,
    string Transform,
    string ParamsJson,
    double Weight,
    double Score,
    double SelfConfidence,
    bool SuspectLabel)
{
    /// <summary>
    /// Upper bound of the bytes the row adds to a shard before compression: values (strings at 3 UTF-8 bytes
    /// per UTF-16 unit, the worst case), length prefixes and the fixed-width columns.
    /// </summary>
    public long RawSize => ImageBytes.Length + 3L * (ImagePath.Length + ClassName.Length + Source.Length + Transform.Length + ParamsJson.Length)
        + 6 * 4 + 8 + 1 + 8 + 8 + 4 + 8 + 1;
}
