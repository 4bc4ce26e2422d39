namespace AugBuild.Engine.Diagnostics;

/// <summary>Recognises I/O failures that deserve their own coded error rather than a generic one.</summary>
public static class IoFailure
{
    /// <summary>
    /// True for "no space left on device" or a disk quota: on Unix .NET puts the errno in HResult (ENOSPC 28,
    /// EDQUOT 122 on Linux, 69 on macOS); on Windows it is the Win32 error ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL.
    /// </summary>
    public static bool IsDiskFull(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is not IOException io)
                continue;
            var hr = io.HResult;
            if (OperatingSystem.IsWindows() ? (hr & 0xFFFF) is 0x70 or 0x27 : hr is 28 or 122 or 69)
                return true;
        }

        return false;
    }
}
