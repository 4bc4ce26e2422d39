using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using AugBuild.Engine.Tests.Imaging;
using SkiaSharp;

namespace AugBuild.Engine.Tests.Reliability;

/// <summary>Image files crafted byte by byte: odd but valid formats, and hostile ones (bombs, damage).</summary>
internal static class CraftedImages
{
    /// <summary>An 8-bit gray PNG with noise around <paramref name="level"/>, written by SkiaSharp.</summary>
    public static byte[] GrayPng(int side, int level, Random rng)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var v = (byte)Math.Clamp(level + rng.Next(-60, 61), 0, 255);
                bitmap.SetPixel(x, y, new SKColor(v, v, v));
            }
        }

        return TestImageFiles.Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>A PNG whose IHDR declares <paramref name="width"/> x <paramref name="height"/> with a few bytes of IDAT: a decompression bomb's header.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
            zs.Write(new byte[4096]);
        return Png(("IHDR", ihdr), ("IDAT", z.ToArray()), ("IEND", []));
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

        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
            zs.Write(raw.ToArray());
        return Png(("IHDR", ihdr), ("PLTE", [255, 0, 0, 0, 0, 255]), ("IDAT", z.ToArray()), ("IEND", []));
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

    /// <summary>A JPEG with an APP1 Exif segment whose Orientation is <paramref name="orientation"/>.</summary>
    public static byte[] ExifJpeg(SKBitmap bitmap, int orientation)
    {
        var jpeg = TestImageFiles.Encode(bitmap, SKEncodedImageFormat.Jpeg);
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
    public static byte[] AnimatedGif() => TestImageFiles.Gif(
        4, 4,
        [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 255]],
        [.. Enumerable.Range(0, 16).Select(i => (byte)(i % 2))],
        [.. Enumerable.Range(0, 16).Select(i => (byte)(2 + i % 2))]);

    public static byte[] Png16BitGray() => TestImageFiles.Png(4, 4, 0, 16, [.. Enumerable.Range(0, 16).Select(i => i * 4000)]);

    private static byte[] Png(params (string Type, byte[] Data)[] chunks)
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
}
