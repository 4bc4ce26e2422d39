using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AugBuild.Tasks;

/// <summary>
/// Starts the worker out of process: <c>dotnet exec --additionalprobingpath &lt;packages&gt; augbuild.dll run @job.rsp</c>.
/// ONNX Runtime, CUDA and SkiaSharp therefore never load into MSBuild's long-lived nodes; a crash cannot take
/// MSBuild down, Ctrl+C kills the process tree (ToolTask.Cancel), and the logged command can be rerun by hand.
/// </summary>
public sealed class AugRunWorker : ToolTask
{
    /// <summary>augbuild.dll: the package's tools/augbuild.dll, or src/Cli's build output in this repository.</summary>
    [Required] public string WorkerPath { get; set; } = "";

    /// <summary>$(DOTNET_HOST_PATH): the dotnet executable running this build.</summary>
    public string DotnetHostPath { get; set; } = "";

    /// <summary>NuGet packages folders the host probes for the worker's dependencies ($(NuGetPackageRoot) first).</summary>
    public string[] PackageFolders { get; set; } = [];

    /// <summary>Check that every package in the worker's deps.json is restored (off when the worker runs from a full build output).</summary>
    public bool VerifyDependencies { get; set; } = true;

    /// <summary>run.rsp, which AugPrepareInputs wrote: the job and every setting, passed once.</summary>
    [Required] public string ResponseFilePath { get; set; } = "";

    /// <summary>AugOutputDir: where the files the worker wrote are listed from.</summary>
    [Required] public string OutputDir { get; set; } = "";

    /// <summary>The project file, so errors point at the project that asked for the dataset.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary>The files the worker wrote under OutputDir: dataset shards and README, scores and selection tables.</summary>
    [Output] public ITaskItem[] OutputFiles { get; set; } = [];

    /// <summary>
    /// True when the worker reported a warning. The targets then record no "done": with -warnaserror the warning
    /// failed the build (which a task cannot reliably tell: the conversion happens in the logging service), and the
    /// next identical build must run the worker again and report it again rather than pass without it.
    /// </summary>
    [Output] public bool ReportedWarnings { get; set; }

    protected override string ToolName => OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    public override bool Execute()
    {
        if (!base.Execute())
        {
            return false;
        }

        OutputFiles = WorkerOutputs.List(OutputDir).Select(f => (ITaskItem)new TaskItem(f)).ToArray();
        return !Log.HasLoggedErrors;
    }

    protected override bool ValidateParameters()
    {
        if (!SupportedPlatform.IsSupported)
        {
            LogError(AugErrors.UnsupportedPlatform,
                $"AugBuild runs on {string.Join(" and ", SupportedPlatform.Supported)}; this machine is {SupportedPlatform.Current}. Set AugEnabled to false to build without the dataset here.");
            return false;
        }

        if (!File.Exists(WorkerPath))
        {
            LogError(AugErrors.WorkerNotFound,
                $"The AugBuild worker '{WorkerPath}' does not exist. Restore the AugBuild package again, or set AugWorkerPath to a built augbuild.dll.");
            return false;
        }

        if (GenerateFullPathToTool() is null)
        {
            LogError(AugErrors.DotnetHostNotFound,
                "Cannot find the dotnet executable to run the AugBuild worker: DOTNET_HOST_PATH is not set and dotnet is not on PATH. Build with the dotnet CLI (dotnet build).");
            return false;
        }

        return !VerifyDependencies || CheckDependencies();
    }

    private bool CheckDependencies()
    {
        var deps = WorkerDependencies.DepsFileOf(WorkerPath);
        List<WorkerPackage> packages;
        try
        {
            packages = WorkerDependencies.Read(deps);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            LogError(AugErrors.WorkerDepsUnreadable, $"Cannot read the worker's dependency list '{deps}': {e.Message.TrimEnd('.')}. Restore the AugBuild package again.");
            return false;
        }

        var missing = WorkerDependencies.Missing(packages, PackageFolders);
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Select(p => $"{p.Id} {p.Version}"));
            var first = missing[0];
            LogError(AugErrors.DependencyMissing,
                $"The AugBuild worker needs NuGet packages that are not in the packages folder ({string.Join("; ", PackageFolders)}): {names}. Run dotnet restore; if another reference moved one of them to a different version, add e.g. <PackageDownload Include=\"{first.Id}\" Version=\"[{first.Version}]\" /> to the project for each.");
        }

        return !Log.HasLoggedErrors;
    }

    protected override string? GenerateFullPathToTool()
    {
        if (!string.IsNullOrEmpty(DotnetHostPath) && File.Exists(DotnetHostPath))
        {
            return DotnetHostPath;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, ToolName))
            .FirstOrDefault(File.Exists);
    }

    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("exec");
        foreach (var folder in PackageFolders.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            builder.AppendSwitchIfNotNull("--additionalprobingpath ", folder.TrimEnd('/', '\\'));
        }

        builder.AppendFileNameIfNotNull(WorkerPath);
        builder.AppendSwitch("run");
        builder.AppendSwitchIfNotNull("@", Path.GetFullPath(ResponseFilePath));
        return builder.ToString();
    }

    /// <summary>Stage summaries at normal verbosity, canonical diagnostics as errors/warnings with their codes, progress at detailed.</summary>
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        switch (WorkerOutput.Classify(singleLine))
        {
            case WorkerLineKind.Summary:
                // The project's name, so the lines of `dotnet build -m` over several projects can be told apart.
                Log.LogMessage(MessageImportance.High, WorkerOutput.WithProject(singleLine, ProjectFile.Length > 0 ? ProjectFile : BuildEngine?.ProjectFileOfTaskNode));
                break;
            case WorkerLineKind.Diagnostic:
                ReportedWarnings |= WorkerOutput.WarningCode(singleLine) is not null;
                Log.LogMessageFromText(singleLine, MessageImportance.High);
                break;
            default:
                Log.LogMessage(MessageImportance.Low, singleLine);
                break;
        }
    }

    protected override bool HandleTaskExecutionErrors()
    {
        if (!Log.HasLoggedErrors)
        {
            LogError(AugErrors.WorkerFailed,
                $"The AugBuild worker exited with code {ExitCode} without reporting an error. Rerun the logged command by hand, or build with -v:detailed to see its progress output.");
        }

        return false;
    }

    private void LogError(string code, string message) =>
        Log.LogError(subcategory: null, code, helpKeyword: null, file: ProjectFile.Length > 0 ? ProjectFile : BuildEngine?.ProjectFileOfTaskNode, lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message);
}
