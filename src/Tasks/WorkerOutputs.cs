namespace AugBuild.Tasks;

/// <summary>The files a successful `augbuild run --out &lt;dir&gt;` leaves: they go to FileWrites and are removed by Clean.</summary>
internal static class WorkerOutputs
{
    public static IEnumerable<string> List(string outputDir)
    {
        var root = Path.GetFullPath(outputDir);
        var dataset = Path.Combine(root, "dataset");
        var files = Directory.Exists(dataset)
            ? Directory.EnumerateFiles(dataset, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            : [];
        return files
            .Concat(new[] { "scores.parquet", "selection.parquet" }.Select(f => Path.Combine(root, f)).Where(File.Exists))
            .Order(StringComparer.Ordinal);
    }
}
