using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;
using AugBuild.Engine.Tests.Materialization;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>A full disk while writing the dataset: a coded error, the partial shard gone, the previous dataset intact.</summary>
public sealed class DiskFullTests
{
    /// <summary>ENOSPC as .NET reports it on Linux and macOS (the errno in HResult); ERROR_DISK_FULL on Windows.</summary>
    private static int DiskFullHResult => OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28;

    private static MaterializeRequest Request(string outDir, List<MaterializeItem> items, string transforms, Func<string, Stream>? open = null) =>
        new(items, TestImages.Classes, TransformSet.Parse(transforms),
            new MaterializeOptions { OutputDirectory = outDir, MaxDegreeOfParallelism = 2, RowGroupMaxRows = 4, ShardSizeBytes = 16 * 1024, CreateShardStream = open },
            new DatasetCardInfo { Policy = "baseline" });

    [Fact]
    public async Task ADiskFullMidWriteIsACodedErrorAndThePreviousDatasetIsIntact()
    {
        using var t = new TestImages();
        var items = t.Make(24);
        await new Materializer().RunAsync(Request(t.Out, items, "flip-h"));
        var before = Directory.GetFiles(t.DatasetDir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        long budget = 40 * 1024; // the disk fills up after 40 KB, in the second or third shard
        var opened = new List<string>();

        var e = await Assert.ThrowsAsync<AugBuildException>(() => new Materializer().RunAsync(Request(t.Out, items, "rotate", path =>
        {
            opened.Add(path);
            return new FillingStream(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite), () => (budget -= 1) >= 0, DiskFullHResult);
        })));

        Assert.Equal(MaterializeErrors.DiskFull, e.Code);
        Assert.Contains("previous dataset is intact", e.Message);
        Assert.True(opened.Count >= 2, $"{opened.Count} shard(s) opened before the disk filled");
        var after = Directory.GetFiles(t.DatasetDir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        Assert.Empty(Directory.GetDirectories(t.DatasetDir));
        Assert.All(opened, p => Assert.False(File.Exists(p)));
    }

    [Fact]
    public void RealEnospcIsRecognisedAsDiskFull()
    {
        if (!File.Exists("/dev/full"))
            return; // Linux only: writes to /dev/full fail with ENOSPC

        var e = Assert.ThrowsAny<IOException>(() =>
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            full.Write(new byte[4096]);
            full.Flush();
        });

        Assert.True(IoFailure.IsDiskFull(e), $"HResult {e.HResult}: {e.Message}");
        Assert.False(IoFailure.IsDiskFull(new IOException("sharing violation", 11)));
        Assert.False(IoFailure.IsDiskFull(new FileNotFoundException("gone")));
    }

    /// <summary>Writes through to <paramref name="inner"/> while <paramref name="spaceLeft"/> allows each byte, then fails like a full disk.</summary>
    private sealed class FillingStream(Stream inner, Func<bool> spaceLeft, int hresult) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                if (!spaceLeft())
                {
                    inner.Write(buffer[..i]);
                    throw new IOException("No space left on device", hresult);
                }
            }

            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
