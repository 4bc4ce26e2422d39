using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;

namespace AugBuild.Engine.Pipeline;

/// <summary>
/// Every input and output path of a run, checked before any stage starts: a missing input, an output that is a
/// file or a link, or an empty path setting fails at once with a code, never after scores are written.
/// </summary>
public static class PathSettings
{
    /// <summary>An empty (or blank) path would silently mean the current folder: refused.</summary>
    public static string RequirePath(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AugBuildException(PipelineErrors.EmptySetting,
                $"{option} is empty; an empty path would mean the current folder. Give a path, or leave {option} out for its default.", option);
        }

        return value;
    }

    /// <summary>An optional path: null means the default, but an empty string is refused.</summary>
    public static void RequireOptionalPath(string? value, string option)
    {
        if (value is not null)
            RequirePath(value, option);
    }

    /// <summary>The image input exists (a folder, or a manifest file).</summary>
    public static void RequireImages(string images, string option = "--images")
    {
        RequirePath(images, option);
        if (!Directory.Exists(images) && !File.Exists(images))
        {
            throw new AugBuildException(DatasetErrors.InputNotFound,
                $"Image input '{images}' ({option}) does not exist. Pass a folder with one subfolder per class, or a CSV manifest 'path,label'.", images);
        }
    }

    /// <summary>The output folder is not a file, and neither its dataset nor its state folder is a file or a link.</summary>
    public static void RequireOutputFolder(string outDir, string option = "--out")
    {
        RequirePath(outDir, option);
        if (Storage.StorageLocation.Parse(outDir, option).IsS3)
        {
            throw new AugBuildException(Storage.StorageErrors.InvalidLocation,
                $"{option} '{outDir}': this command writes a local folder; 'augbuild run' and 'augbuild gather' publish to s3:// (they work in a local staging folder), and 'augbuild materialize --shard i/N' writes its part there. Give a folder path.", option);
        }

        var full = Path.GetFullPath(outDir);
        if (File.Exists(full))
        {
            throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                $"The output folder '{outDir}' ({option}) is a file. Choose a folder (it is created if missing).", outDir);
        }

        DatasetFolder.RefuseLinked(full);
    }

    /// <summary>A file the run will replace is not a folder.</summary>
    public static void RequireWritableFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                $"'{path}' is a folder, but the run writes a file there. Move the folder away, or choose another --out.", path);
        }
    }

    /// <summary>A cache folder, when given, is not a file; an s3:// cache is a valid URI whose bucket can be listed (AUG2610-AUG2614).</summary>
    public static void RequireCacheFolder(string? cacheDir, string option = "--cache")
    {
        RequireOptionalPath(cacheDir, option);
        if (cacheDir is not null && Storage.StorageLocation.Parse(cacheDir, option).IsS3)
        {
            RequireStore(cacheDir!, option);
            return;
        }

        if (cacheDir is not null && File.Exists(cacheDir))
        {
            throw new AugBuildException(MaterializeErrors.OutputNotWritable,
                $"The cache folder '{cacheDir}' ({option}) is a file. Choose a folder, or leave {option} out for the default.", cacheDir);
        }
    }

    /// <summary>An s3:// location parses and its bucket can be listed with the credentials at hand, before any work.</summary>
    public static Storage.StorageLocation RequireStore(string text, string option)
    {
        var location = Storage.StorageLocation.Parse(text, option);
        var store = Storage.ObjectStores.Open(location, option);
        try
        {
            store.CheckAccessAsync(option).GetAwaiter().GetResult();
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }

        return location;
    }

    /// <summary>A featurizer setting is not empty, and a model path names a file.</summary>
    public static void RequireFeaturizer(string featurizer, string option = "--featurizer")
    {
        RequirePath(featurizer, option);
        if (featurizer.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && !File.Exists(featurizer))
        {
            throw new AugBuildException(Featurization.FeaturizationErrors.ModelNotFound,
                $"ONNX model '{featurizer}' ({option}) does not exist. Check the path.", featurizer);
        }
    }
}
