namespace AugBuild.Tasks;

/// <summary>
/// The files a successful `augbuild run --out &lt;dir&gt;` leaves: the AugOutput items (for downstream targets), FileWrites,
/// removed by Clean. The worker's own state (dot-files: its lock) is not among them.
/// </summary>
internal static class WorkerOutputs
{
    public static IEnumerable<string> List(string outputDir)
    {
        var root = Path.GetFullPath(outputDir);
        var dataset = Path.Combine(root, "dataset");
        var files = Directory.Exists(dataset)
            ? Directory.EnumerateFiles(dataset, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith('.')) // no lock or other state file
            : [];
        return files
            .Concat(new[] { "scores.parquet", "selection.parquet" }.Select(f => Path.Combine(root, f)).Where(File.Exists))
            .Order(StringComparer.Ordinal);
    }
}
