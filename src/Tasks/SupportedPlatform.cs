using System.Runtime.InteropServices;

namespace AugBuild.Tasks;

/// <summary>The worker's native dependencies (ONNX Runtime, SkiaSharp) are wired for linux-x64 and win-x64 only.</summary>
internal static class SupportedPlatform
{
    public static readonly IReadOnlyList<string> Supported = ["linux-x64", "win-x64"];

    public static string Current
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : RuntimeInformation.OSDescription;
            return $"{os}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
        }
    }

    public static bool IsSupported => Supported.Contains(Current);
}
