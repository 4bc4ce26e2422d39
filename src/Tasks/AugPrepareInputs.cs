using AugBuild.Settings;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AugBuild.Tasks;

/// <summary>
/// Runs on every build, in process, and is cheap (one stat per image): validates the Aug* settings with the
/// engine's own grammar, resolves labels, writes the CSV manifest when needed, the worker's response file and the
/// three stage stamps, each only when its content changed. The worker target's Inputs are the stamps, so an
/// unchanged project starts no worker.
/// </summary>
public sealed class AugPrepareInputs : Microsoft.Build.Utilities.Task
{
    [Required] public ITaskItem[] Images { get; set; } = [];
    [Required] public string DatasetDir { get; set; } = "";
    [Required] public string IntermediateDir { get; set; } = "";
    [Required] public string OutputDir { get; set; } = "";
    [Required] public string ResponseFilePath { get; set; } = "";

    /// <summary>One item per setting: the Aug* property's name, with its value as metadata <c>Value</c> (empty: the default).</summary>
    public ITaskItem[] Settings { get; set; } = [];

    /// <summary>The NuGet package ("Id Version") AugModelPath was resolved in for resnet18; empty when the project set AugModelPath.</summary>
    public string ModelPackage { get; set; } = "";

    public string WorkerPath { get; set; } = "";

    /// <summary>The project file, so errors point at the place where the property is set.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary>What the worker's --images gets: AugDatasetDir, or the manifest this task wrote.</summary>
    [Output] public string ImagesArgument { get; set; } = "";
    [Output] public string ScoreStamp { get; set; } = "";
    [Output] public string SelectStamp { get; set; } = "";
    [Output] public string MaterializeStamp { get; set; } = "";

    /// <summary>True when there are no images: the build warned (AUG7004) and builds no dataset.</summary>
    [Output] public bool NoImages { get; set; }

    public override bool Execute()
    {
        var settings = SettingItems.Read(Settings);
        if (!Validate(settings))
        {
            return false;
        }

        if (Images.Length == 0)
        {
            // One warning and a green build: a Directory.Build.props may add the package to projects without images.
            Log.LogWarning(subcategory: null, AugErrors.NoImages, helpKeyword: null, file: ProjectFile, lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0,
                $"No AugImage items: AugDatasetDir '{DatasetDir}' holds no images in class folders (<class>/<image>.png), so no dataset is built. Add images there, set AugDatasetDir, list AugImage items, or set AugEnabled=false.");
            NoImages = true;
            return true;
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

        var modelPath = ModelPath(settings);
        if (modelPath is null)
        {
            return false;
        }

        ImagesArgument = WriteManifestIfNeeded(images);
        TextFiles.WriteIfDifferent(ResponseFilePath, new WorkerArguments(ImagesArgument, Path.GetFullPath(OutputDir), settings).ResponseFile());
        var stamps = StageStamps.Compute(new StampInputs(images, modelPath, WorkerPath, Path.GetFullPath(OutputDir)), settings);
        ScoreStamp = WriteStamp("score.stamp", stamps.Score);
        SelectStamp = WriteStamp("select.stamp", stamps.Select);
        MaterializeStamp = WriteStamp("materialize.stamp", stamps.Materialize);
        return !Log.HasLoggedErrors;
    }

    /// <summary>Every setting through the shared grammar: the same code and message the command line gives for the value.</summary>
    private bool Validate(SettingValues settings)
    {
        foreach (var error in SettingCatalog.Check(settings))
        {
            Error(error.Code, error.Message);
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The model file the featurizer reads (its identity enters the score stamp), "" for pixels; null after an error.</summary>
    private string? ModelPath(SettingValues settings)
    {
        var featurizer = FeaturizerGrammar.Parse(settings.Text(SettingCatalog.Featurizer), SettingCatalog.Featurizer.Property);
        if (featurizer.Kind == FeaturizerKind.Onnx)
        {
            if (File.Exists(featurizer.ModelPath))
            {
                return featurizer.ModelPath!;
            }

            Error(AugErrors.ModelNotFound,
                $"AugFeaturizer names the model '{featurizer.ModelPath}', which does not exist. Fix the path; relative paths are relative to the project folder.");
            return null;
        }

        var model = featurizer.Kind == FeaturizerKind.ResNet18 ? settings.Given(SettingCatalog.ModelPath) ?? "" : "";
        if (model.Length == 0 || File.Exists(model))
        {
            return model;
        }

        if (ModelPackage.Length == 0)
        {
            Error(AugErrors.ModelNotFound, $"AugModelPath '{model}' does not exist. Fix the path, or remove AugModelPath to use the model of the restored package.");
            return null;
        }

        var (id, version) = (ModelPackage.Split(' ')[0], ModelPackage.Split(' ').Last());
        Error(AugErrors.DependencyMissing,
            $"AugFeaturizer 'resnet18' needs the NuGet package {ModelPackage}, but its model '{model}' is not in the packages folder. Run dotnet restore; if another reference moved the package to a different version, add <PackageDownload Include=\"{id}\" Version=\"[{version}]\" /> to the project.");
        return null;
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
