using ParquetSharp;

namespace AugBuild.Package.Tests.Infrastructure;

/// <summary>Reads the emitted Parquet files back with Apache Arrow's C++ reader (ParquetSharp), not the writer's library.</summary>
internal static class DatasetReader
{
    public static IReadOnlyList<string> Shards(string datasetDir) =>
        Directory.Exists(datasetDir)
            ? Directory.EnumerateFiles(datasetDir, "*.parquet").Order(StringComparer.Ordinal).ToList()
            : [];

    public static long RowCount(string parquetFile)
    {
        using var file = new ParquetFileReader(parquetFile);
        return file.FileMetaData.NumRows;
    }

    public static long DatasetRows(string datasetDir) => Shards(datasetDir).Sum(RowCount);

    /// <summary>Every value of every string column: enough to ask whether an image's path appears anywhere.</summary>
    public static IEnumerable<string> StringValues(string parquetFile)
    {
        using var file = new ParquetFileReader(parquetFile);
        var schema = file.FileMetaData.Schema;
        var values = new List<string>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var rows = checked((int)group.MetaData.NumRows);
            for (var c = 0; c < schema.NumColumns; c++)
            {
                if (schema.Column(c).LogicalType is not StringLogicalType)
                {
                    continue;
                }

                using var column = group.Column(c).LogicalReader<string?>();
                values.AddRange(column.ReadAll(rows).OfType<string>());
            }
        }

        return values;
    }

    public static IEnumerable<string> DatasetStrings(string datasetDir) => Shards(datasetDir).SelectMany(StringValues);
}
