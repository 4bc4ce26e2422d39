using ParquetSharp;

namespace AugBuild.Testing;

/// <summary>One row of a dataset shard as read back.</summary>
public sealed record ShardRow(byte[] Bytes, string Path, long Label, string Class, string Source, bool Augmented,
    string Transform, string Params, double Weight, double Score);

/// <summary>
/// Reads a dataset folder's Parquet shards back with Apache Arrow's C++ reader (ParquetSharp), not the writer's
/// library. Every column is nullable (as Hugging Face writes it) and never null.
/// </summary>
public static class DatasetReader
{
    /// <summary>The shards in a dataset folder, in name order; none when the folder does not exist.</summary>
    public static string[] Shards(string datasetDir) =>
        Directory.Exists(datasetDir)
            ? [.. Directory.EnumerateFiles(datasetDir, "*.parquet").Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The rows a Parquet file's footer declares; throws if it is not a whole Parquet file.</summary>
    public static long RowCount(string parquetFile)
    {
        using var file = new ParquetFileReader(parquetFile);
        return file.FileMetaData.NumRows;
    }

    public static long DatasetRows(string datasetDir) => Shards(datasetDir).Sum(RowCount);

    /// <summary>Every row of a shard, column by column.</summary>
    public static List<ShardRow> Read(string parquetFile)
    {
        using var file = new ParquetFileReader(parquetFile);
        var schema = file.FileMetaData.Schema;
        var columns = Enumerable.Range(0, schema.NumColumns).ToDictionary(c => schema.Column(c).Path.ToDotString());
        var rows = new List<ShardRow>();
        for (var g = 0; g < file.FileMetaData.NumRowGroups; g++)
        {
            using var group = file.RowGroup(g);
            var n = checked((int)group.MetaData.NumRows);
            T[] Column<T>(string name)
            {
                using var reader = group.Column(columns[name]).LogicalReader<T>();
                return reader.ReadAll(n);
            }

            var bytes = Column<byte[]?>("image.bytes");
            var path = Column<string?>("image.path");
            var label = Column<long?>("label");
            var cls = Column<string?>("class");
            var source = Column<string?>("source");
            var augmented = Column<bool?>("augmented");
            var transform = Column<string?>("transform");
            var pars = Column<string?>("params");
            var weight = Column<double?>("weight");
            var score = Column<double?>("score");
            for (var i = 0; i < n; i++)
            {
                rows.Add(new ShardRow(bytes[i]!, path[i]!, label[i]!.Value, cls[i]!, source[i]!, augmented[i]!.Value, transform[i]!, pars[i]!, weight[i]!.Value, score[i]!.Value));
            }
        }

        return rows;
    }

    public static List<ShardRow> ReadAll(IEnumerable<string> parquetFiles) => [.. parquetFiles.SelectMany(Read)];

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
