using System.Runtime.CompilerServices;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Settings;
using AugBuild.Settings;
using Microsoft.ML.OnnxRuntime;

namespace AugBuild.Engine.Featurization;

/// <summary>
/// Creates ONNX Runtime sessions on the requested device. ORT's own logging is set to fatal first, so a missing
/// CUDA library gives one line from us (an Info for auto, a coded error for cuda) instead of ORT's error output.
/// A command that makes several sessions (an experiment featurizes originals and copies of two sets) says so once
/// per reporter, and tries to load CUDA only until it has failed once in the process.
/// </summary>
internal static class OrtSessionFactory
{
    private static readonly Lock Gate = new();
    private static readonly ConditionalWeakTable<IReporter, HashSet<string>> Said = new();
    private static string? s_cudaFailure;

    public static (InferenceSession Session, string Provider) Create(string modelPath, string modelName, FeaturizerOptions options, IReporter reporter)
    {
        var device = SettingParse.Run(() => ChoiceGrammar.Device(options.Settings.Device, SettingCatalog.Device.Option));

        if (device != "cpu")
            OrtNativeLibrary.PreferGpuPackage();
        QuietEnvironment();
        string? cudaFailure = null;
        if (device != "cpu")
        {
            var session = TryCudaSession(modelPath, modelName, options, out cudaFailure, out var loadError);
            if (session is not null)
            {
                Once(reporter, $"cuda|{modelName}", () => reporter.Info($"featurize: {modelName} runs on ONNX Runtime CUDA (GPU 0)."));
                return (session, "CUDA");
            }

            if (device == "cuda")
            {
                throw new AugBuildException(
                    FeaturizationErrors.CudaUnavailable,
                    $"The ONNX Runtime CUDA provider cannot be loaded ({cudaFailure}). Install CUDA 13 and cuDNN 9 with a " +
                    "supported NVIDIA driver, or use --device cpu (or auto to fall back).",
                    SettingCatalog.Device.Option,
                    loadError);
            }
        }

        var cpu = NewSession(modelPath, modelName, options, cuda: false);
        if (device == "cpu")
        {
            Once(reporter, $"cpu|{modelName}", () => reporter.Info($"featurize: {modelName} runs on ONNX Runtime CPU (--device cpu)."));
        }
        else
        {
            // Not a problem the user must fix (a CPU-only CI machine is normal), so a message, not a warning: a warning
            // would fail every `-warnaserror` build on such machines. It says where ONNX Runtime runs, and why.
            var reason = cudaFailure;
            Once(reporter, $"fallback|{modelName}", () => reporter.Info(
                $"featurize: {modelName} runs on ONNX Runtime CPU: CUDA is unavailable ({reason}). For the GPU install CUDA 13 and cuDNN 9 (and, from the AugBuild package, the ONNX Runtime GPU package: docs/msbuild.md); --device cpu (AugDevice) says this without trying CUDA."));
        }

        return (cpu, "CPU");
    }

    /// <summary>A CUDA session, or null with the reason; once loading CUDA has failed in this process it is not tried again.</summary>
    private static InferenceSession? TryCudaSession(string modelPath, string modelName, FeaturizerOptions options, out string? failure, out Exception? error)
    {
        error = null;
        lock (Gate) failure = s_cudaFailure;
        if (failure is not null)
            return null;
        try
        {
            return NewSession(modelPath, modelName, options, cuda: true);
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or TypeInitializationException)
        {
            (error, failure) = (e, FirstLine(e.Message));
            lock (Gate) s_cudaFailure = failure;
            return null;
        }
    }

    private static void Once(IReporter reporter, string what, Action say)
    {
        lock (Gate)
        {
            if (!Said.GetOrCreateValue(reporter).Add(what))
                return;
        }

        say();
    }

    private static InferenceSession NewSession(string modelPath, string name, FeaturizerOptions options, bool cuda)
    {
        var so = new SessionOptions
        {
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            if (options.Settings.Threads > 0)
                so.IntraOpNumThreads = options.Settings.Threads;
            if (cuda)
                so.AppendExecutionProvider_CUDA(0);
            return new InferenceSession(modelPath, so);
        }
        catch (OnnxRuntimeException e) when (!cuda)
        {
            throw new AugBuildException(FeaturizationErrors.InvalidModel, $"ONNX Runtime cannot load model '{name}' ({modelPath}): {FirstLine(e.Message)}. It must be a valid ONNX graph that maps float images to features.", modelPath, e);
        }
        finally
        {
            so.Dispose();
        }
    }

    /// <summary>Creates ORT's process-wide environment with fatal-only logging, or lowers its level if it exists.</summary>
    internal static void QuietEnvironment()
    {
        lock (Gate)
        {
            if (!OrtEnv.IsCreated)
            {
                var env = new EnvironmentCreationOptions { logId = "augbuild", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
                OrtEnv.CreateInstanceWithOptions(ref env);
            }
            else
            {
                OrtEnv.Instance().EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            }
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
        if (line.StartsWith("[ErrorCode:", StringComparison.Ordinal) && line.IndexOf("] ", StringComparison.Ordinal) is > 0 and var end)
            line = line[(end + 2)..];
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
