using System.IO.Hashing;

namespace AugBuild.Engine.Featurization;

/// <summary>XxHash128 content keys, written as "xxh128:" + 32 lowercase hex digits.</summary>
public static class ContentHash
{
    public const string Prefix = "xxh128:";

    /// <summary>Refuses a FIFO, socket or device with AUG2310 instead of blocking on it.</summary>
    public static string OfFile(string path)
    {
        Imaging.ImageDecoder.RequireRegularFile(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var hash = new XxHash128();
        hash.Append(stream);
        return Prefix + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    public static string OfBytes(ReadOnlySpan<byte> bytes) => Prefix + Convert.ToHexStringLower(XxHash128.Hash(bytes));

    public static string OfText(string text) => OfBytes(System.Text.Encoding.UTF8.GetBytes(text));
}
