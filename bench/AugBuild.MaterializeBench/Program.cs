using System.Diagnostics;
using System.Globalization;
using AugBuild.Engine.Augmentation;
using AugBuild.Engine.Data;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Materialization;
using SkiaSharp;

// Materialize benchmark (docs/performance.md, "Materialize").
//   throughput <size> <originals> <transforms> <selectedFraction> [dop]
//   memory <rows>          28 px images, every original selected with rotate (15 rows each)
var mode = args.Length > 0 ? args[0] : "throughput";
var work = Path.Combine(Path.GetTempPath(), "augbuild-matbench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
try
{
    if (mode == "memory")
    {
        long rows = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        int originals = (int)Math.Ceiling(rows / 15.0);
        // Few distinct files on disk, many entries pointing at them: the writer's memory is what is measured.
        var items = MakeItems(work, 28, originals, 1.0, distinctFiles: 500);
        await Run(items, "rotate", 28, Environment.ProcessorCount, work, sampleMemory: true);
    }
    else
    {
        int size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 28;
        int n = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
        var transforms = args.Length > 3 ? args[3] : "translate";
        double fraction = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 0.1;
        int dop = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var items = MakeItems(work, size, n, fraction, distinctFiles: n);
        await Run(items, transforms, size, dop, work, sampleMemory: false);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

static async Task Run(List<MaterializeItem> items, string transforms, int size, int dop, string work, bool sampleMemory)
{
    var set = TransformSet.Parse(transforms);
    var reporter = new MemoryReporter(sampleMemory);
    var request = new MaterializeRequest(items, ["a", "b"], set,
        new MaterializeOptions { OutputDirectory = Path.Combine(work, "out"), MaxDegreeOfParallelism = dop }, new DatasetCardInfo());
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var summary = await new Materializer(reporter).RunAsync(request);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
    double s = summary.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"size={size}px transforms={set} originals={summary.Originals} copies={summary.Copies} rows={summary.Rows} dop={dop} shards={summary.Shards}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"elapsed={s:F2}s rows/s={summary.Rows / s:F0} originals/s={summary.Originals / s:F0} MB/s={summary.Bytes / 1e6 / s:F1} output={summary.Bytes / 1e6:F1}MB"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"cpu={cpu.TotalSeconds:F2}s cpu-ms/row={cpu.TotalMilliseconds / summary.Rows:F3} (less sensitive to other load than wall time) peak working set={Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0}MB"));
    foreach (var line in reporter.Samples) Console.WriteLine(line);
}

static List<MaterializeItem> MakeItems(string work, int size, int n, double fraction, int distinctFiles)
{
    var dir = Path.Combine(work, "src");
    Directory.CreateDirectory(dir);
    var paths = new string[Math.Min(n, distinctFiles)];
    var rng = new Random(1);
    for (int i = 0; i < paths.Length; i++)
    {
        paths[i] = Path.Combine(dir, $"img{i:D6}.png");
        using var bmp = Synthetic(size, rng);
        using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(paths[i], data.ToArray());
    }

    int every = fraction <= 0 ? int.MaxValue : (int)Math.Round(1 / fraction);
    return Enumerable.Range(0, n).Select(i =>
    {
        int label = i % 2;
        var full = paths[i % paths.Length];
        return new MaterializeItem(new ImageEntry($"{(label == 0 ? "a" : "b")}/img{i:D6}.png", full, label, label == 0 ? "a" : "b"),
            i % every == 0, 1.0, i);
    }).ToList();
}

// Smooth shapes plus mild noise: PNG sizes close to real photos' (not pure noise, not flat).
static SKBitmap Synthetic(int size, Random rng)
{
    bool gray = size <= 32;
    var bmp = new SKBitmap(new SKImageInfo(size, size, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
    var px = bmp.GetPixelSpan();
    int channels = gray ? 1 : 4;
    double fx = rng.NextDouble() * 0.3, fy = rng.NextDouble() * 0.3;
    for (int y = 0; y < size; y++)
    {
        for (int x = 0; x < size; x++)
        {
            for (int c = 0; c < channels; c++)
            {
                px[y * bmp.RowBytes + x * channels + c] = c == 3 ? (byte)255
                    : (byte)Math.Clamp(128 + 90 * Math.Sin(fx * x + c) * Math.Cos(fy * y) + rng.Next(-12, 13), 0, 255);
            }
        }
    }

    bmp.NotifyPixelsChanged();
    return bmp;
}

/// <summary>Samples the working set at each tenth of the run, to show whether memory stays flat.</summary>
internal sealed class MemoryReporter(bool sample) : IReporter
{
    private long _nextTenth = 1;

    public List<string> Samples { get; } = [];

    public void Info(string message) { }

    public void Warning(string code, string message, string? file = null) => Console.Error.WriteLine($"{code}: {message}");

    public void Progress(string stage, long done, long total, string unit = ProgressUnits.Images)
    {
        if (!sample || done * 10 < _nextTenth * total) return;
        _nextTenth++;
        using var p = Process.GetCurrentProcess();
        Samples.Add(string.Create(CultureInfo.InvariantCulture,
            $"  {100 * done / total,3}%: working set {p.WorkingSet64 / 1e6:F0} MB, live managed heap after full GC {GC.GetTotalMemory(true) / 1e6:F1} MB"));
    }
}
