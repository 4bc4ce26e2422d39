using Parquet;

namespace AugBuild.Engine.Materialization;

/// <summary>
/// Writes one Parquet shard, row group by row group, to a temporary path. Snappy: image bytes are already
/// compressed, and Snappy gives up on them cheaply while still shrinking the string columns.
/// Parquet.Net writes no timestamps and a fixed created_by, so equal rows give byte-identical files.
/// </summary>
internal sealed class ShardWriter : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;

    private ShardWriter(string path, Stream stream, ParquetWriter writer)
    {
        Path = path;
        _stream = stream;
        _writer = writer;
    }

    public string Path { get; }

    public long Rows { get; private set; }

    public int RowGroups { get; private set; }

    /// <summary>Bytes on disk so far (magic + finished row groups).</summary>
    public long BytesWritten => _stream.Position;

    /// <summary>Generous footer estimate: schema, metadata JSON and about 1 KB of column metadata per row group.</summary>
    public long FooterEstimate(int extraRowGroups) => 4096 + _metadataBytes + 1024L * (RowGroups + extraRowGroups);

    private long _metadataBytes;

    public static async Task<ShardWriter> CreateAsync(string path, string huggingFaceJson, CancellationToken ct, Func<string, Stream>? open = null)
    {
        var stream = open?.Invoke(path) ?? new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        try
        {
            var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
            var writer = await ParquetWriter.CreateAsync(DatasetSchema.Schema, stream, options, false, ct).ConfigureAwait(false);
            writer.CustomMetadata = new Dictionary<string, string> { [DatasetSchema.MetadataKey] = huggingFaceJson };
            return new ShardWriter(path, stream, writer) { _metadataBytes = huggingFaceJson.Length * 2L };
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task WriteRowGroupAsync(IReadOnlyList<DatasetRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        using (var group = _writer.CreateRowGroup())
        {
            await group.WriteAsync(DatasetSchema.ImageBytes, rows.Select(r => r.ImageBytes).ToArray()).ConfigureAwait(false);
            await group.WriteAsync(DatasetSchema.ImagePath, rows.Select(r => r.ImagePath).ToArray()).ConfigureAwait(false);
            await group.WriteAsync<long>(DatasetSchema.Label, rows.Select(r => (long?)r.Label).ToArray(), null, null, ct).ConfigureAwait(false);
            await group.WriteAsync(DatasetSchema.Class, rows.Select(r => r.ClassName).ToArray()).ConfigureAwait(false);
            await group.WriteAsync(DatasetSchema.Source, rows.Select(r => r.Source).ToArray()).ConfigureAwait(false);
            await group.WriteAsync<bool>(DatasetSchema.Augmented, rows.Select(r => (bool?)r.Augmented).ToArray(), null, null, ct).ConfigureAwait(false);
            await group.WriteAsync(DatasetSchema.Transform, rows.Select(r => r.Transform).ToArray()).ConfigureAwait(false);
            await group.WriteAsync(DatasetSchema.Params, rows.Select(r => r.ParamsJson).ToArray()).ConfigureAwait(false);
            await group.WriteAsync<double>(DatasetSchema.Weight, rows.Select(r => (double?)r.Weight).ToArray(), null, null, ct).ConfigureAwait(false);
            await group.WriteAsync<double>(DatasetSchema.Score, rows.Select(r => (double?)r.Score).ToArray(), null, null, ct).ConfigureAwait(false);
            await group.WriteAsync<double>(DatasetSchema.SelfConfidence, rows.Select(r => (double?)r.SelfConfidence).ToArray(), null, null, ct).ConfigureAwait(false);
            await group.WriteAsync<bool>(DatasetSchema.SuspectLabel, rows.Select(r => (bool?)r.SuspectLabel).ToArray(), null, null, ct).ConfigureAwait(false);
            group.CompleteValidate();
        }

        Rows += rows.Count;
        RowGroups++;
    }

    /// <summary>Writes the footer and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes the file without caring whether it is complete (it is deleted after a failure).</summary>
    public async ValueTask AbandonAsync()
    {
        try
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The partial file is removed with the temporary folder.
        }
        finally
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
