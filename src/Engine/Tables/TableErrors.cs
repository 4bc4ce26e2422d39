namespace AugBuild.Engine.Tables;

/// <summary>The Parquet tables the stages pass to each other (docs/errors.md).</summary>
public static class TableErrors
{
    /// <summary>A scores, selection or features file is missing or is not a readable Parquet table of that kind.</summary>
    public const string InvalidTable = "AUG6001";

    /// <summary>A table given for one role is another kind (scores.parquet passed as --selection): it lacks that kind's columns. Pass the file the matching command wrote.</summary>
    public const string WrongTable = "AUG6310";
}
