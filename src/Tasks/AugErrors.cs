namespace AugBuild.Tasks;

/// <summary>
/// Diagnostic codes raised by the MSBuild integration (range AUG7000-AUG7099; docs/errors.md and docs/msbuild.md
/// list each). The worker's own codes (outside this range) pass through unchanged.
/// </summary>
internal static class AugErrors
{
    /// <summary>The machine is not linux-x64 or win-x64, where the worker's native libraries exist. Set AugEnabled to false there.</summary>
    public const string UnsupportedPlatform = "AUG7000";

    /// <summary>A NuGet package the worker needs (named, with its version) is not in the packages folder. Run dotnet restore; if another reference moved it to another version, add &lt;PackageDownload Include="Id" Version="[x.y.z]" /&gt;.</summary>
    public const string DependencyMissing = "AUG7001";

    /// <summary>AugBudget is neither a count nor a percentage in [0%, 100%]. Set it to e.g. 50 or 10%.</summary>
    public const string InvalidBudget = "AUG7002";

    /// <summary>AugPolicy is not a known policy (the message lists them).</summary>
    public const string InvalidPolicy = "AUG7003";

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

    /// <summary>AugScore is not loss or influence.</summary>
    public const string InvalidScore = "AUG7010";

    /// <summary>AugDevice is not auto, cpu or cuda.</summary>
    public const string InvalidDevice = "AUG7011";

    /// <summary>AugSeed is not an integer.</summary>
    public const string InvalidSeed = "AUG7012";

    /// <summary>AugFormat is not png or source.</summary>
    public const string InvalidFormat = "AUG7013";

    /// <summary>AugFeaturizer is not resnet18, pixels, pixels:&lt;side&gt; or a path to an .onnx file.</summary>
    public const string InvalidFeaturizer = "AUG7014";

    /// <summary>An AugImage item names a file that does not exist. Remove the item or restore the file.</summary>
    public const string ImageNotFound = "AUG7015";

    /// <summary>The worker's augbuild.deps.json is missing or unreadable. Restore the AugBuild package again.</summary>
    public const string WorkerDepsUnreadable = "AUG7016";

    /// <summary>AugC is not a positive number or cv. Set it to e.g. 1, or leave it empty to choose C by cross-validation.</summary>
    public const string InvalidC = "AUG7017";
}
