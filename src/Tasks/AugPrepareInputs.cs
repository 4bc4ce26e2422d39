using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AugBuild.Tasks;

/// <summary>
/// Runs on every build, in process, and is cheap (one stat per image): validates the Aug* properties, resolves
/// labels, writes the CSV manifest when needed and the three stage stamps, each only when its content changed.
/// The worker target's Inputs are the stamps, so an unchanged project starts no worker.
/// </summary>
public sealed class AugPrepareInputs : Microsoft.Build.Utilities.Task
{
    [Required] public ITaskItem[] Images { get; set; } = [];
    [Required] public string DatasetDir { get; set; } = "";
    [Required] public string IntermediateDir { get; set; } = "";
    [Required] public string OutputDir { get; set; } = "";

    public string Budget { get; set; } = "10%";
    public string Policy { get; set; } = "random-proportional";
    public string Score { get; set; } = "influence";
    public string Device { get; set; } = "auto";
    public string Featurizer { get; set; } = "resnet18";

    /// <summary>The model file behind the featurizer (ResNet18.onnx in the package folder, or the .onnx path); its identity enters the stamp.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>The NuGet package that holds ModelPath for a built-in featurizer ("Id Version"), named when the file is missing.</summary>
    public string ModelPackage { get; set; } = "";

    public string WorkerPath { get; set; } = "";
    public string Transforms { get; set; } = "translate";
    public string Seed { get; set; } = "";

    /// <summary>AugC: the probe's inverse regularisation, or empty for cross-validation.</summary>
    public string C { get; set; } = "";
    public string Format { get; set; } = "png";
    public bool Update { get; set; }
    public bool Downweight { get; set; }

    /// <summary>AugFailOnBadImage: in the featurize stamp, so turning it on reruns the worker and surfaces skipped images.</summary>
    public bool FailOnBadImage { get; set; }

    /// <summary>The project file, so errors point at the place where the property is set.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary>What the worker's --images gets: AugDatasetDir, or the manifest this task wrote.</summary>
    [Output] public string ImagesArgument { get; set; } = "";
    [Output] public string FeaturizeStamp { get; set; } = "";
    [Output] public string SelectStamp { get; set; } = "";
    [Output] public string MaterializeStamp { get; set; } = "";

    public override bool Execute()
    {
        if (!ValidateOptions())
        {
            return false;
        }

        if (Images.Length == 0)
        {
            Error(AugErrors.NoImages,
                $"No AugImage items: AugDatasetDir '{DatasetDir}' holds no images in class folders (<class>/<image>.png). Add images there, set AugDatasetDir, or list AugImage items.");
            return false;
        }

        var (images, unlabeled) = ImageLabels.Resolve(Images, DatasetDir);
        if (unlabeled is not null)
        {
            Error(AugErrors.ImageWithoutLabel,
                $"Image '{unlabeled.ItemSpec}' is not inside a class folder of AugDatasetDir '{DatasetDir}' and has no Label metadata. Move it to {DatasetDir.TrimEnd('/', '\\')}/<class>/ or give it a label: <AugImage Update=\"{unlabeled.ItemSpec}\"><Label>class</Label></AugImage> (as a child element: MSBuild reserves the Label attribute).");
            return false;
        }

        var missing = images.FirstOrDefault(i => !File.Exists(i.FullPath));
        if (missing is not null)
        {
            Error(AugErrors.ImageNotFound, $"AugImage '{missing.FullPath}' does not exist. Remove the item or restore the file.");
            return false;
        }

        if (AugOptions.IsModelPath(Featurizer) && !File.Exists(ModelPath))
        {
            Error(AugErrors.ModelNotFound,
                $"AugFeaturizer names the model '{Featurizer}', which does not exist (resolved to '{ModelPath}'). Fix the path; relative paths are relative to the project folder.");
            return false;
        }

        if (!AugOptions.IsModelPath(Featurizer) && ModelPath.Length > 0 && !File.Exists(ModelPath))
        {
            Error(AugErrors.DependencyMissing,
                $"AugFeaturizer '{Featurizer}' needs the NuGet package {ModelPackage}, but its model '{ModelPath}' is not in the packages folder. Run dotnet restore; if another reference moved the package to a different version, add <PackageDownload Include=\"{ModelPackage.Split(' ')[0]}\" Version=\"[{ModelPackage.Split(' ').Last()}]\" /> to the project.");
            return false;
        }

        ImagesArgument = WriteManifestIfNeeded(images);

        var stamps = StageStamps.Compute(new StampInputs(
            images, Featurizer.Trim(), ModelPath, WorkerPath, Budget.Trim(), Policy.Trim().ToLowerInvariant(), Score.Trim().ToLowerInvariant(),
            Seed.Trim(), Update, Downweight, Transforms.Trim(), Format.Trim().ToLowerInvariant(), Path.GetFullPath(OutputDir), FailOnBadImage) { C = C.Trim() });
        FeaturizeStamp = WriteStamp("featurize.stamp", stamps.Featurize);
        SelectStamp = WriteStamp("select.stamp", stamps.Select);
        MaterializeStamp = WriteStamp("materialize.stamp", stamps.Materialize);
        return !Log.HasLoggedErrors;
    }

    private bool ValidateOptions()
    {
        Check(AugErrors.InvalidBudget, AugOptions.CheckBudget(Budget));
        Check(AugErrors.InvalidPolicy, AugOptions.CheckChoice("AugPolicy", Policy, AugOptions.Policies));
        Check(AugErrors.InvalidScore, AugOptions.CheckChoice("AugScore", Score, AugOptions.Scores));
        Check(AugErrors.InvalidDevice, AugOptions.CheckChoice("AugDevice", Device, AugOptions.Devices));
        Check(AugErrors.InvalidFormat, AugOptions.CheckChoice("AugFormat", Format, AugOptions.Formats));
        Check(AugErrors.InvalidSeed, AugOptions.CheckSeed(Seed));
        Check(AugErrors.InvalidC, AugOptions.CheckC(C));
        Check(AugErrors.InvalidFeaturizer, AugOptions.CheckFeaturizer(Featurizer));
        return !Log.HasLoggedErrors;
    }

    private void Check(string code, string? message)
    {
        if (message is not null)
        {
            Error(code, message);
        }
    }

    private string WriteManifestIfNeeded(List<LabeledImage> images)
    {
        var manifest = Path.Combine(IntermediateDir, "images.csv");
        if (ClassFolderTree.IsExactly(DatasetDir, images))
        {
            // The worker reads the tree directly and keeps the short relative paths (Shirt/00018.png).
            if (File.Exists(manifest))
            {
                File.Delete(manifest);
            }

            return Path.GetFullPath(DatasetDir);
        }

        TextFiles.WriteIfDifferent(manifest, Manifest.Format(images, manifest));
        return Path.GetFullPath(manifest);
    }

    private string WriteStamp(string name, string hash)
    {
        var path = Path.GetFullPath(Path.Combine(IntermediateDir, name));
        if (TextFiles.WriteIfDifferent(path, hash + "\n"))
        {
            Log.LogMessage(MessageImportance.Low, "AugBuild: {0} changed", name);
        }

        return path;
    }

    private void Error(string code, string message) =>
        Log.LogError(subcategory: null, code, helpKeyword: null, file: ProjectFile, lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message);
}
