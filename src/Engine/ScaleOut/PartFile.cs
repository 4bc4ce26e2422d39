using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;

namespace AugBuild.Engine.ScaleOut;

/// <summary>The header of a part: which shard it is and the plan it was written for.</summary>
public sealed record PartHeader(int Index, int Count, string PlanHash, PartPlan Plan);

/// <summary>
/// One materialize shard's output, read back by the gather: the rendered rows of the shard's items, so the
/// gather only writes Parquet and never decodes or transforms an image. Binary, little endian:
/// "AUGP", i32 version, the header as JSON; then one record per item in selection order (i64 ordinal, the item,
/// why it was skipped or got no copies, its rows with their image bytes); then i64 -1, i64 item count,
/// u64 XxHash64 of every byte before it, and "PGUA". A part is published under its final name only when whole
/// (<see cref="IPartStore.WriteAsync"/>); the trailer also catches a part damaged or cut short in transit.
/// </summary>
internal static class PartFile
{
    public const string Extension = ".augpart";
    private const int Version = 1;
    private static ReadOnlySpan<byte> Magic => "AUGP"u8;
    private static ReadOnlySpan<byte> EndMagic => "PGUA"u8;

    public static string NameOf(ShardSpec shard) => shard.Name + Extension;

    /// <summary>Writes a shard's entries (in ascending ordinal order) to <paramref name="stream"/>; returns the item count.</summary>
    public static async Task<long> WriteAsync(Stream stream, PartHeader header, IAsyncEnumerable<(int Ordinal, RenderedEntry Entry)> entries, CancellationToken ct)
    {
        var hashing = new HashingStream(stream);
        using var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(JsonSerializer.Serialize(header));
        long items = 0;
        await foreach (var (ordinal, entry) in entries.WithCancellation(ct).ConfigureAwait(false))
        {
            WriteEntry(writer, ordinal, entry);
            items++;
        }

        writer.Write(-1L);
        writer.Write(items);
        writer.Flush();
        writer.Write(hashing.Hash.GetCurrentHashAsUInt64());
        writer.Write(EndMagic);
        writer.Flush();
        return items;
    }

    private static void WriteEntry(BinaryWriter w, int ordinal, RenderedEntry entry)
    {
        var item = entry.Item;
        w.Write((long)ordinal);
        w.Write(item.Entry.Path);
        w.Write(item.Entry.FullPath);
        w.Write(item.Entry.Label);
        w.Write(item.Entry.ClassName);
        w.Write(item.Selected);
        w.Write(item.Weight);
        w.Write(item.Score);
        w.Write(item.SelfConfidence);
        w.Write(item.SuspectLabel);
        WriteNullable(w, entry.SkipReason);
        WriteNullable(w, entry.CopiesSkipped);
        w.Write(entry.Rows?.Count ?? -1);
        foreach (var row in entry.Rows ?? [])
        {
            w.Write(row.ImageBytes.Length);
            w.Write(row.ImageBytes);
            w.Write(row.ImagePath);
            w.Write(row.Label);
            w.Write(row.ClassName);
            w.Write(row.Source);
            w.Write(row.Augmented);
            w.Write(row.Transform);
            w.Write(row.ParamsJson);
            w.Write(row.Weight);
            w.Write(row.Score);
            w.Write(row.SelfConfidence);
            w.Write(row.SuspectLabel);
        }
    }

    private static void WriteNullable(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null) w.Write(value);
    }

    /// <summary>Reads a part's header, or throws AUG5512 naming <paramref name="name"/> when it is not a whole part.</summary>
    public static PartHeader ReadHeader(Stream stream, string name)
    {
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            Span<byte> magic = stackalloc byte[4];
            if (reader.Read(magic) != 4 || !magic.SequenceEqual(Magic) || reader.ReadInt32() != Version)
                throw Damaged(name, "it does not start like an AugBuild part of this version");
            return JsonSerializer.Deserialize<PartHeader>(reader.ReadString()) ?? throw Damaged(name, "its header is empty");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException and not FileNotFoundException)
        {
            throw Damaged(name, e.Message);
        }
    }

    /// <summary>
    /// The entries of a whole part, read sequentially; the trailer (item count, checksum, end magic) is checked after
    /// the last entry, so a damaged part fails the gather (AUG5512) before the dataset is committed.
    /// </summary>
    public static IEnumerable<(int Ordinal, RenderedEntry Entry)> ReadEntries(Stream stream, string name)
    {
        var hashing = new HashingStream(stream);
        using var reader = new BinaryReader(hashing, Encoding.UTF8, leaveOpen: true);
        _ = ReadHeader(hashing, name);
        long items = 0;
        while (true)
        {
            (int, RenderedEntry)? entry;
            try
            {
                entry = ReadEntry(reader);
            }
            catch (Exception e) when (e is EndOfStreamException or IOException and not FileNotFoundException)
            {
                throw Damaged(name, "it is cut short");
            }

            if (entry is null)
                break;
            items++;
            yield return entry.Value;
        }

        try
        {
            var count = reader.ReadInt64();
            var expected = hashing.Hash.GetCurrentHashAsUInt64();
            var stored = reader.ReadUInt64();
            Span<byte> end = stackalloc byte[4];
            if (count != items || stored != expected || reader.Read(end) != 4 || !end.SequenceEqual(EndMagic))
                throw Damaged(name, "its checksum or item count does not match (cut short or altered)");
        }
        catch (Exception e) when (e is EndOfStreamException or IOException and not FileNotFoundException)
        {
            throw Damaged(name, "it is cut short");
        }
    }

    /// <summary>Reads a whole part and checks it (tests, and a quick check of one part).</summary>
    public static long Verify(Stream stream, string name) => ReadEntries(stream, name).LongCount();

    private static (int, RenderedEntry)? ReadEntry(BinaryReader r)
    {
        var ordinal = r.ReadInt64();
        if (ordinal < 0)
            return null;
        var entry = new ImageEntry(r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadString());
        var item = new MaterializeItem(entry, r.ReadBoolean(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadBoolean());
        var skip = ReadNullable(r);
        var copiesSkipped = ReadNullable(r);
        var count = r.ReadInt32();
        List<DatasetRow>? rows = count < 0 ? null : new List<DatasetRow>(count);
        for (int k = 0; k < count; k++)
        {
            var bytes = r.ReadBytes(r.ReadInt32());
            rows!.Add(new DatasetRow(bytes, r.ReadString(), r.ReadInt64(), r.ReadString(), r.ReadString(), r.ReadBoolean(), r.ReadString(), r.ReadString(),
                r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadBoolean()));
        }

        return ((int)ordinal, new RenderedEntry(item, rows, skip, copiesSkipped));
    }

    private static string? ReadNullable(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    public static AugBuildException Damaged(string name, string why) =>
        new(ScaleOutErrors.PartDamaged, $"Part '{name}' is damaged ({why}). Rerun its materialize shard (it replaces the part), then gather.", name);

    /// <summary>Passes bytes through to the inner stream and hashes them (whichever way they flow).</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        public XxHash64 Hash { get; } = new();

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            Hash.Append(buffer[..n]);
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Hash.Append(buffer);
            inner.Write(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
