using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using SkiaSharp;

namespace AugBuild.Testing;

/// <summary>Image files written byte by byte, independently of the decoder under test: odd but valid formats, and hostile ones (bombs, damage).</summary>
public static class ImageFiles
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

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        return Png(("IHDR", ihdr), ("IDAT", Deflate(raw.ToArray())), ("IEND", []));
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

    /// <summary>A PNG whose IHDR declares <paramref name="width"/> x <paramref name="height"/> with a few bytes of IDAT: a decompression bomb's header.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        return Png(("IHDR", ihdr), ("IDAT", Deflate(new byte[4096])), ("IEND", []));
    }

    /// <summary>An 8-bit palette PNG (colour type 3), 4x4, two palette entries in a checkerboard.</summary>
    public static byte[] PalettePng()
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, 4);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), 4);
        ihdr[8] = 8;
        ihdr[9] = 3;
        var raw = new MemoryStream();
        for (var y = 0; y < 4; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < 4; x++)
                raw.WriteByte((byte)((x + y) % 2));
        }

        return Png(("IHDR", ihdr), ("PLTE", [255, 0, 0, 0, 0, 255]), ("IDAT", Deflate(raw.ToArray())), ("IEND", []));
    }

    /// <summary>
    /// A baseline CMYK JPEG (Adobe APP14, 4 components, no subsampling) whose every DCT coefficient is 0, so each
    /// channel is flat mid-grey. One-symbol Huffman tables make each 8x8 block two bits ("DC diff 0", "EOB").
    /// With large dimensions and one MCU of data it is also a truncated, bomb-sized JPEG.
    /// </summary>
    public static byte[] CmykJpeg(int width = 8, int height = 8)
    {
        var s = new MemoryStream();
        s.Write([0xFF, 0xD8]);
        Segment(s, 0xEE, [(byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0, 100, 0, 0, 0, 0, 0]);
        Segment(s, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]);
        byte[] sof = [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0];
        Segment(s, 0xC0, sof);
        byte[] oneSymbol = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00];
        Segment(s, 0xC4, [0x00, .. oneSymbol, 0x10, .. oneSymbol]);
        Segment(s, 0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);
        var blocks = (width + 7) / 8 * ((height + 7) / 8);
        var mcuBytes = width * height <= 64 * 64 ? blocks : 1; // huge images: one MCU, the rest missing
        s.Write(new byte[mcuBytes]); // 4 blocks x 2 zero bits = one zero byte per MCU
        s.Write([0xFF, 0xD9]);
        return s.ToArray();
    }

    /// <summary><paramref name="bitmap"/> as a JPEG with an APP1 Exif segment whose Orientation is <paramref name="orientation"/>.</summary>
    public static byte[] ExifJpeg(SKBitmap bitmap, int orientation) =>
        WithExifOrientation(Bitmaps.Encode(bitmap, SKEncodedImageFormat.Jpeg), orientation);

    /// <summary>Inserts an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] app1 =
        [
            0xFF, 0xE1, 0x00, 34, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0, 0, 0, 8,
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0,
            0, 0, 0, 0,
        ];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }

    /// <summary>A two-frame animated GIF, 4x4.</summary>
    public static byte[] AnimatedGif() => Gif(
        4, 4,
        [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 255]],
        [.. Enumerable.Range(0, 16).Select(i => (byte)(i % 2))],
        [.. Enumerable.Range(0, 16).Select(i => (byte)(2 + i % 2))]);

    public static byte[] Png16BitGray() => Png(4, 4, 0, 16, [.. Enumerable.Range(0, 16).Select(i => i * 4000)]);

    /// <summary>A PNG of the given chunks, each framed with its length and CRC.</summary>
    public static byte[] Png(params (string Type, byte[] Data)[] chunks)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, data) in chunks)
        {
            var len = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
            png.Write(len);
            byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
            png.Write(typeAndData);
            BinaryPrimitives.WriteUInt32BigEndian(len, Crc32.HashToUInt32(typeAndData));
            png.Write(len);
        }

        return png.ToArray();
    }

    private static void Segment(Stream s, byte marker, byte[] payload)
    {
        s.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        s.Write(payload);
    }

    private static byte[] Deflate(byte[] raw)
    {
        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
            zs.Write(raw);
        return z.ToArray();
    }
}
