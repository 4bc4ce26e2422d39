using System.Runtime.InteropServices;

namespace AugBuild.Engine.Data;

/// <summary>What a path names once links are followed, without opening it (opening a FIFO blocks).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,

    /// <summary>A FIFO, socket or device: never an image.</summary>
    Other,
}

/// <summary>
/// The identity of the file a path names, links followed: device and inode on Linux (so hard links and soft links
/// to one file are one file), else the canonical path (links resolved; hard links are then not recognised).
/// </summary>
public readonly partial record struct FileIdentity(FileKind Kind, string Id)
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const ushort TypeMask = 0xF000;
    private const ushort TypeRegular = 0x8000;
    private const ushort TypeDirectory = 0x4000;
    private static bool _statxMissing = !OperatingSystem.IsLinux();

    /// <summary>
    /// True unless the path names a FIFO, socket or device (links followed). Every reader of an input file asks
    /// first: opening a FIFO blocks until a writer comes, and a device such as /dev/zero never ends.
    /// </summary>
    public static bool IsOpenable(string path) => Of(path).Kind != FileKind.Other;

    public static FileIdentity Of(string path)
    {
        if (!Volatile.Read(ref _statxMissing) && TryStatx(path, out var identity))
            return identity;
        return Managed(path);
    }

    /// <summary>The absolute path with every link in it resolved (a broken or looping link is kept as it is).</summary>
    public static string Canonical(string path) => Canonical(Path.GetFullPath(path), 0);

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies under it (both canonical).</summary>
    public static bool IsWithin(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var f = Path.TrimEndingDirectorySeparator(folder);
        var p = Path.TrimEndingDirectorySeparator(path);
        return p.Equals(f, comparison)
            || (p.StartsWith(f, comparison) && p.Length > f.Length && (p[f.Length] == Path.DirectorySeparatorChar || p[f.Length] == Path.AltDirectorySeparatorChar))
            || (f.Length == Path.GetPathRoot(f)?.Length && p.StartsWith(f, comparison));
    }

    private static string Canonical(string full, int depth)
    {
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        var parts = full[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            if (depth < 40)
            {
                try
                {
                    var info = new FileInfo(next);
                    if (info.LinkTarget is { } target)
                        next = Canonical(Path.GetFullPath(target, current), depth + 1);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    // Unreadable or looping link: keep the path as given.
                }
            }

            current = next;
        }

        return current;
    }

    private static FileIdentity Managed(string path)
    {
        try
        {
            var canonical = Canonical(path);
            if (Directory.Exists(canonical))
                return new FileIdentity(FileKind.Directory, canonical);
            return File.Exists(canonical) ? new FileIdentity(FileKind.Regular, canonical) : new FileIdentity(FileKind.Missing, canonical);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new FileIdentity(FileKind.Missing, path);
        }
    }

    private static unsafe bool TryStatx(string path, out FileIdentity identity)
    {
        identity = default;
        var buffer = stackalloc byte[256];
        int result;
        try
        {
            result = Statx(AtFdCwd, path, 0, StatxType | StatxIno, buffer);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _statxMissing, true);
            return false;
        }

        if (result != 0)
        {
            // ENOSYS (old kernel, seccomp): use the managed fallback from now on. Anything else: missing or unreadable.
            if (Marshal.GetLastPInvokeError() == 38)
            {
                Volatile.Write(ref _statxMissing, true);
                return false;
            }

            identity = new FileIdentity(FileKind.Missing, path);
            return true;
        }

        var mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var devMajor = *(uint*)(buffer + 136);
        var devMinor = *(uint*)(buffer + 140);
        var kind = (mode & TypeMask) switch
        {
            TypeRegular => FileKind.Regular,
            TypeDirectory => FileKind.Directory,
            _ => FileKind.Other,
        };
        identity = new FileIdentity(kind, $"{devMajor}:{devMinor}:{inode}");
        return true;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
