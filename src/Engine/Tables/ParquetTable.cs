using AugBuild.Engine.Diagnostics;
using Parquet;
using Parquet.Serialization;

namespace AugBuild.Engine.Tables;

/// <summary>Reads and writes the engine's small row tables (scores, selection, features) as Parquet.</summary>
public static class ParquetTable
{
    public static Task WriteAsync<T>(string path, IReadOnlyList<T> rows, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
        where T : class, new()
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd };
        return AtomicFile.WriteAsync(
            path,
            stream => ParquetSerializer.SerializeAsync(rows, stream, options, metadata, cancellationToken),
            cancellationToken);
    }

    public static async Task<TableContent<T>> ReadAsync<T>(string path, CancellationToken cancellationToken = default)
        where T : class, new()
    {
        if (!File.Exists(path))
        {
            throw new AugBuildException(TableErrors.InvalidTable, $"Table '{path}' does not exist.", path);
        }

        try
        {
            await using var stream = File.OpenRead(path);
            var result = await ParquetSerializer.DeserializeAsync<T>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new TableContent<T>(result.Data.ToList(), new Dictionary<string, string>(result.CustomMetadata));
        }
        catch (Exception ex) when (ex is not AugBuildException and not OperationCanceledException)
        {
            throw new AugBuildException(
                TableErrors.InvalidTable,
                $"'{path}' is not a readable {typeof(T).Name.Replace("Row", "", StringComparison.Ordinal).ToLowerInvariant()} table: {ex.Message.TrimEnd('.')}. Regenerate it with the augbuild command that writes it.",
                path,
                ex);
        }
    }
}

public sealed record TableContent<T>(IReadOnlyList<T> Rows, IReadOnlyDictionary<string, string> Metadata);
