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

        if (!Data.FileIdentity.IsOpenable(path))
        {
            throw new AugBuildException(TableErrors.InvalidTable, $"Table '{path}' is a FIFO, socket or device, not a Parquet file.", path);
        }

        try
        {
            await using var stream = File.OpenRead(path);
            await RequireColumnsAsync<T>(stream, path, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
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

    /// <summary>
    /// Every column of <typeparamref name="T"/> but the optional ones must be in the file: the serializer fills missing ones with
    /// defaults, so another table (scores.parquet given as the selection) would read as all-zero rows.
    /// </summary>
    private static async Task RequireColumnsAsync<T>(Stream stream, string path, CancellationToken cancellationToken)
    {
        string[] present;
        var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
            present = [.. reader.Schema.Fields.Select(f => f.Name)];
        var missing = typeof(T).GetProperties()
            .Where(p => !p.IsDefined(typeof(OptionalColumnAttribute), false))
            .Select(p => p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), false)
                .Cast<System.Text.Json.Serialization.JsonPropertyNameAttribute>().FirstOrDefault()?.Name ?? p.Name)
            .Where(name => !present.Contains(name, StringComparer.Ordinal))
            .ToList();
        if (missing.Count > 0)
        {
            var kind = typeof(T).Name.Replace("Row", "", StringComparison.Ordinal).ToLowerInvariant();
            throw new AugBuildException(
                TableErrors.WrongTable,
                $"'{path}' is not a {kind} table: it lacks the column(s) {string.Join(", ", missing)} (it has {string.Join(", ", present)}). " +
                $"Pass the {kind} table the matching augbuild command wrote.",
                path);
        }
    }
}

public sealed record TableContent<T>(IReadOnlyList<T> Rows, IReadOnlyDictionary<string, string> Metadata);
