using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Imaging;

/// <summary>Writes image files byte by byte (independently of the decoder under test) and builds bitmaps.</summary>
internal static class TestImageFiles
{
    /// <summary>PNG, 8 or 16 bit; colorType 0 = gray (1 sample), 2 = RGB (3), 6 = RGBA (4). Samples row-major interleaved.</summary>
    public static byte[] Png(int width, int height, int colorType, int bitDepth, int[] samples)
    {
        var perPixel = colorType switch { 0 => 1, 2 => 3, 6 => 4, _ => throw new ArgumentOutOfRangeException(nameof(colorType)) };
        var bytesPerSample = bitDepth / 8;
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var i = 0; i < width * perPixel; i++)
            {
                var v = samples[y * width * perPixel + i];
                if (bytesPerSample == 2)
                    raw.WriteByte((byte)(v >> 8));
                raw.WriteByte((byte)v);
            }
        }

        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
            zs.Write(raw.ToArray());

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", z.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        s.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32.HashToUInt32(typeAndData));
        s.Write(len);
    }

    /// <summary>24-bit bottom-up BMP; rgb row-major top-down, 3 bytes per pixel.</summary>
    public static byte[] Bmp(int width, int height, byte[] rgb)
    {
        var stride = (width * 3 + 3) / 4 * 4;
        var size = 54 + stride * height;
        var b = new byte[size];
        b[0] = (byte)'B';
        b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), size);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(34), stride * height);
        for (var y = 0; y < height; y++)
        {
            var row = 54 + (height - 1 - y) * stride;
            for (var x = 0; x < width; x++)
            {
                var p = (y * width + x) * 3;
                b[row + x * 3] = rgb[p + 2];
                b[row + x * 3 + 1] = rgb[p + 1];
                b[row + x * 3 + 2] = rgb[p];
            }
        }

        return b;
    }

    /// <summary>
    /// Animated GIF with a 4-colour palette; each frame is palette indices (0..3), row-major.
    /// LZW stream: a clear code before every pair of literals, so the code width stays 3 bits.
    /// </summary>
    public static byte[] Gif(int width, int height, byte[][] palette, params byte[][] frames)
    {
        var s = new MemoryStream();
        s.Write("GIF89a"u8);
        WriteU16(s, width);
        WriteU16(s, height);
        s.WriteByte(0xF1); // global colour table, 2 bits colour resolution, 4 entries
        s.WriteByte(0);
        s.WriteByte(0);
        for (var i = 0; i < 4; i++)
            s.Write(palette[i]);
        s.Write([0x21, 0xFF, 0x0B]);
        s.Write("NETSCAPE2.0"u8);
        s.Write([0x03, 0x01, 0x00, 0x00, 0x00]);
        foreach (var frame in frames)
        {
            s.Write([0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00]); // graphic control: 100 ms
            s.WriteByte(0x2C);
            WriteU16(s, 0);
            WriteU16(s, 0);
            WriteU16(s, width);
            WriteU16(s, height);
            s.WriteByte(0);
            s.WriteByte(2); // LZW minimum code size
            var bits = new BitWriter();
            for (var i = 0; i < frame.Length; i++)
            {
                if (i % 2 == 0)
                    bits.Write(4, 3); // clear
                bits.Write(frame[i], 3);
            }

            bits.Write(5, 3); // end of information
            var data = bits.ToArray();
            for (var o = 0; o < data.Length; o += 255)
            {
                var n = Math.Min(255, data.Length - o);
                s.WriteByte((byte)n);
                s.Write(data, o, n);
            }

            s.WriteByte(0);
        }

        s.WriteByte(0x3B);
        return s.ToArray();
    }

    private static void WriteU16(Stream s, int v)
    {
        s.WriteByte((byte)v);
        s.WriteByte((byte)(v >> 8));
    }

    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _acc;
        private int _n;

        public void Write(int code, int width)
        {
            _acc |= code << _n;
            _n += width;
            while (_n >= 8)
            {
                _bytes.Add((byte)_acc);
                _acc >>= 8;
                _n -= 8;
            }
        }

        public byte[] ToArray()
        {
            if (_n > 0)
                _bytes.Add((byte)_acc);
            _n = 0;
            return [.. _bytes];
        }
    }

    /// <summary>An opaque RGBA bitmap whose pixel (x, y) is given by <paramref name="color"/>.</summary>
    public static SKBitmap Bitmap(int width, int height, Func<int, int, SKColor> color)
    {
        var bmp = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                bmp.SetPixel(x, y, color(x, y));
        }

        return bmp;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 100)
    {
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>A picture with a few shapes, deterministic in <paramref name="seed"/>.</summary>
    public static SKBitmap Shapes(int size, int seed)
    {
        var rng = new Random(seed);
        var bmp = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bmp);
        canvas.Clear(new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 4; i++)
        {
            paint.Color = new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
            float x = rng.Next(size), y = rng.Next(size), r = 2 + rng.Next(size / 3);
            if (i % 2 == 0)
                canvas.DrawCircle(x, y, r, paint);
            else
                canvas.DrawRect(x - r, y - r / 2, 2 * r, r, paint);
        }

        canvas.Flush();
        return bmp;
    }
}
