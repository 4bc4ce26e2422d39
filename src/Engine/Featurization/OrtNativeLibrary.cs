using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Where the worker's ONNX Runtime native library comes from. From the AugBuild package it is AugBuild.Runtime.&lt;rid&gt;,
/// which leaves out the 270 MB CUDA provider; ONNX Runtime looks for its providers beside the library it loaded.
/// When the upstream GPU package (Microsoft.ML.OnnxRuntime.Gpu.Linux / .Windows, same version) is also in a probed
/// packages folder, its library is loaded instead, so CUDA can be used. Set once per process, before ORT's first call.
/// </summary>
internal static class OrtNativeLibrary
{
    private static readonly Lock Gate = new();
    private static bool s_done;

    public static void PreferGpuPackage()
    {
        lock (Gate)
        {
            if (s_done) return;
            s_done = true;
            if (GpuLibrary() is not { } path) return;
            NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, (name, _, _) =>
                name is "onnxruntime" or "onnxruntime.dll" or "libonnxruntime.so" ? NativeLibrary.Load(path) : IntPtr.Zero);
        }
    }

    /// <summary>The GPU package's library in a probed packages folder, or null (then the host's own resolution stands).</summary>
    internal static string? GpuLibrary()
    {
        var (package, rid, file) = OperatingSystem.IsWindows()
            ? ("microsoft.ml.onnxruntime.gpu.windows", "win-x64", "onnxruntime.dll")
            : ("microsoft.ml.onnxruntime.gpu.linux", "linux-x64", "libonnxruntime.so");
        var version = typeof(OrtEnv).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                      ?? typeof(OrtEnv).Assembly.GetName().Version?.ToString(3);
        var folders = (AppContext.GetData("PROBING_DIRECTORIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders
            .Select(f => Path.Combine(f, package, version ?? "", "runtimes", rid, "native", file))
            .FirstOrDefault(File.Exists);
    }
}
