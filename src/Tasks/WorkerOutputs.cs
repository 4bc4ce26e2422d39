namespace AugBuild.Tasks;

/// <summary>
/// The files a successful `augbuild run --out &lt;dir&gt;` leaves: the AugOutput items (for downstream targets) and
/// FileWrites, removed by Clean. Dataset files are those the worker lists in <c>&lt;out&gt;/.augbuild/dataset-files.txt</c>
/// (the engine's DatasetFolder keeps that list), so a file someone else put in <c>dataset/</c> is neither an output nor
/// cleaned; the worker's own state (its lock) lives outside <c>dataset/</c>.
/// </summary>
internal static class WorkerOutputs
{
    private const string WrittenList = ".augbuild/dataset-files.txt";

    public static IEnumerable<string> List(string outputDir)
    {
        var root = Path.GetFullPath(outputDir);
        var dataset = Path.Combine(root, "dataset");
        var list = Path.Combine(root, WrittenList);
        var files = File.Exists(list)
            ? File.ReadAllLines(list).Where(n => n.Length > 0).Select(n => Path.Combine(dataset, n)).Where(File.Exists)
            : [];
        return files
            .Concat(new[] { "scores.parquet", "selection.parquet" }.Select(f => Path.Combine(root, f)).Where(File.Exists))
            .Order(StringComparer.Ordinal);
    }
}
