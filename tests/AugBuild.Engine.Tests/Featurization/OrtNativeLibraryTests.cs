using AugBuild.Engine.Featurization;

namespace AugBuild.Engine.Tests.Featurization;

/// <summary>From the package, the GPU package's ONNX Runtime is preferred when a probed packages folder holds it.</summary>
public sealed class OrtNativeLibraryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("augbuild-ort-").FullName;
    private readonly object? _probing = AppContext.GetData("PROBING_DIRECTORIES");

    public void Dispose()
    {
        AppContext.SetData("PROBING_DIRECTORIES", _probing);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_gpu_packages_library_is_found_in_a_probed_folder_at_the_managed_version_only()
    {
        var (package, rid, file) = OperatingSystem.IsWindows()
            ? ("microsoft.ml.onnxruntime.gpu.windows", "win-x64", "onnxruntime.dll")
            : ("microsoft.ml.onnxruntime.gpu.linux", "linux-x64", "libonnxruntime.so");
        var version = typeof(Microsoft.ML.OnnxRuntime.OrtEnv).Assembly.GetName().Version!.ToString(3);
        var other = Path.Combine(_dir, "other");
        Directory.CreateDirectory(other);
        AppContext.SetData("PROBING_DIRECTORIES", string.Join(Path.PathSeparator, other, _dir));
        Assert.Null(OrtNativeLibrary.GpuLibrary());

        var stale = Path.Combine(_dir, package, "0.0.1", "runtimes", rid, "native", file);
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllBytes(stale, []);
        Assert.Null(OrtNativeLibrary.GpuLibrary());

        var expected = Path.Combine(_dir, package, version, "runtimes", rid, "native", file);
        Directory.CreateDirectory(Path.GetDirectoryName(expected)!);
        File.WriteAllBytes(expected, []);
        Assert.Equal(expected, OrtNativeLibrary.GpuLibrary());
    }
}
