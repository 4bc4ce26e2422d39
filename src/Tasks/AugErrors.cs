namespace AugBuild.Tasks;

/// <summary>
/// Diagnostic codes raised by the MSBuild integration (range AUG7000-AUG7099; docs/errors.md and docs/msbuild.md
/// list each). A bad Aug* setting gets the shared grammar's code (AugBuild.Settings.SettingErrors), the same
/// as the command line's; the worker's own codes pass through unchanged.
/// </summary>
internal static class AugErrors
{
    /// <summary>The machine is not linux-x64 or win-x64, where the worker's native libraries exist. Set AugEnabled to false there.</summary>
    public const string UnsupportedPlatform = "AUG7000";

    /// <summary>A NuGet package the worker needs (named, with its version) is not in the packages folder. Run dotnet restore; if another reference moved it to another version, add &lt;PackageDownload Include="Id" Version="[x.y.z]" /&gt;.</summary>
    public const string DependencyMissing = "AUG7001";

    /// <summary>No AugImage items: AugDatasetDir holds no class folders with images. Add images, set AugDatasetDir, or list AugImage items.</summary>
    public const string NoImages = "AUG7004";

    /// <summary>An image is neither in a class folder of AugDatasetDir nor has Label metadata. Move it, or add a &lt;Label&gt; child element.</summary>
    public const string ImageWithoutLabel = "AUG7005";

    /// <summary>AugFeaturizer names an .onnx file that does not exist (relative paths are relative to the project folder).</summary>
    public const string ModelNotFound = "AUG7006";

    /// <summary>The worker (AugWorkerPath) does not exist. Restore the AugBuild package again.</summary>
    public const string WorkerNotFound = "AUG7007";

    /// <summary>No dotnet executable to run the worker: DOTNET_HOST_PATH is unset and dotnet is not on PATH. Build with the dotnet CLI.</summary>
    public const string DotnetHostNotFound = "AUG7008";

    /// <summary>The worker exited with an error code without reporting an error. Rerun the logged command, or build with -v:detailed.</summary>
    public const string WorkerFailed = "AUG7009";

    /// <summary>An AugImage item names a file that does not exist. Remove the item or restore the file.</summary>
    public const string ImageNotFound = "AUG7015";

    /// <summary>The worker's augbuild.deps.json is missing or unreadable. Restore the AugBuild package again.</summary>
    public const string WorkerDepsUnreadable = "AUG7016";
}
