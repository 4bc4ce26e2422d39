using Parquet;

namespace AugBuild.Engine.Tests.Materialization;

/// <summary>One row as read back from a shard.</summary>
internal sealed record ReadRow(byte[] Bytes, string Path, long Label, string Class, string Source, bool Augmented,
    string Transform, string Params, double Weight, double Score);

/// <summary>Reads shards back with Parquet.Net. Every column is nullable (as Hugging Face writes it) and never null.</summary>
internal static class DatasetReader
{
    public static async Task<List<ReadRow>> ReadAsync(string file)
    {
        var rows = new List<ReadRow>();
        await using var reader = await ParquetReader.CreateAsync(file);
        var fields = reader.Schema.DataFields.ToDictionary(f => f.Path.ToString(), f => f);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            var bytes = new byte[]?[n];
            var path = new string?[n];
            var label = new long?[n];
            var cls = new string?[n];
            var source = new string?[n];
            var augmented = new bool?[n];
            var transform = new string?[n];
            var pars = new string?[n];
            var weight = new double?[n];
            var score = new double?[n];
            await group.ReadAsync(fields["image/bytes"], bytes.AsMemory());
            await group.ReadAsync(fields["image/path"], path.AsMemory());
            await group.ReadAsync<long>(fields["label"], label.AsMemory());
            await group.ReadAsync(fields["class"], cls.AsMemory());
            await group.ReadAsync(fields["source"], source.AsMemory());
            await group.ReadAsync<bool>(fields["augmented"], augmented.AsMemory());
            await group.ReadAsync(fields["transform"], transform.AsMemory());
            await group.ReadAsync(fields["params"], pars.AsMemory());
            await group.ReadAsync<double>(fields["weight"], weight.AsMemory());
            await group.ReadAsync<double>(fields["score"], score.AsMemory());
            for (int i = 0; i < n; i++)
                rows.Add(new ReadRow(bytes[i]!, path[i]!, label[i]!.Value, cls[i]!, source[i]!, augmented[i]!.Value, transform[i]!, pars[i]!, weight[i]!.Value, score[i]!.Value));
        }

        return rows;
    }

    public static async Task<List<ReadRow>> ReadAllAsync(IEnumerable<string> files)
    {
        var rows = new List<ReadRow>();
        foreach (var f in files) rows.AddRange(await ReadAsync(f));
        return rows;
    }

    public static string[] Shards(string datasetDir) =>
        Directory.GetFiles(datasetDir, "*.parquet").OrderBy(f => f, StringComparer.Ordinal).ToArray();
}
