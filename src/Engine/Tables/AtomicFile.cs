namespace AugBuild.Engine.Tables;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place, so a reader never sees a
/// half-written file and an interrupted write leaves the previous version.
/// </summary>
public static partial class AtomicFile
{
    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = TempNameFor(full);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(stream).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAsync(path, stream => stream.WriteAsync(new System.Text.UTF8Encoding(false).GetBytes(text)).AsTask()).GetAwaiter().GetResult();

    /// <summary>A unique sibling name; the leading dot and suffix keep it out of globs for the final files.</summary>
    public static string TempNameFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    /// <summary>True for names <see cref="TempNameFor"/> makes: ".name.&lt;pid&gt;.&lt;32 hex&gt;.tmp".</summary>
    public static bool IsTempName(string fileName) => TempPattern().IsMatch(fileName);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\..+\.\d+\.[0-9a-f]{32}\.tmp$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TempPattern();

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
