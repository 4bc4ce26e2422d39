using System.Diagnostics;
using System.Globalization;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Featurization;
using AugBuild.Engine.Settings;
using AugBuild.FeaturizeBench;

// Featurize benchmark. Modes:
//   (none) | all [--quick] [--folder DIR]   throughput, then peak memory in child processes; prints markdown
//   memory SPEC FOLDER COUNT                 child: featurize COUNT images, print "RESULT peak=.. elapsed=.. dim=.."
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length >= 1 && args[0] == "memory")
    return MemoryChild(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
if (args.Length >= 1 && args[0] == "device")
    return DeviceProbe(args.Length > 1 ? args[1] : "auto");

var quick = args.Contains("--quick");
var folderArg = Array.IndexOf(args, "--folder");
var folder = folderArg >= 0 ? args[folderArg + 1] : Path.Combine(Path.GetTempPath(), "augbuild-featurize-bench");
const int Side = 64;
const int MaxCount = 10_000;

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
var clock = Stopwatch.StartNew();
var paths = SyntheticImages.Write(folder, MaxCount, Side);
Console.WriteLine($"images: {paths.Length} PNG {Side}x{Side} RGB in {folder} ({clock.Elapsed.TotalSeconds:F1} s to write or find)");

var countArg = Array.IndexOf(args, "--count");
var roundsArg = Array.IndexOf(args, "--rounds");
Throughput(paths, countArg >= 0 ? int.Parse(args[countArg + 1], CultureInfo.InvariantCulture) : quick ? 256 : 512, batch: 32,
    roundsArg >= 0 ? int.Parse(args[roundsArg + 1], CultureInfo.InvariantCulture) : 3);
MlNetPeer(folder, countArg >= 0 ? int.Parse(args[countArg + 1], CultureInfo.InvariantCulture) : quick ? 256 : 512);
if (!args.Contains("--no-memory"))
    Memory(folder, quick);
return 0;

static void Throughput(string[] paths, int count, int batch, int rounds)
{
    var loadBefore = LoadAverage();
    var reporter = new CollectingReporter();
    var options = new FeaturizerOptions { Settings = FeaturizationSettings.Default with { Device = "cpu", BatchSize = batch } };
    using var f = FeaturizerFactory.Create("resnet18", options, reporter);
    var sources = paths.Take(count).Select(p => (IImageSource)new FileImageSource(p)).ToList();

    // Warm-up: first runs allocate ORT's arenas.
    FeatureExtractor.Run(sources.Take(batch).ToList(), f, null, NullReporter.Instance);
    var prepared = sources.Take(batch).Select(s =>
    {
        using var bmp = s.Load();
        return f.Prepare(bmp);
    }).ToList();

    // Rounds interleave the variants so that load from other processes hits them alike; best and median reported.
    var ort = new List<double>();
    var e2e = new Dictionary<int, List<double>> { [0] = [], [1] = [] };
    var cpu = new Dictionary<string, double>(); // process CPU seconds per image, summed over rounds
    using var self = Process.GetCurrentProcess();
    double CpuSeconds()
    {
        self.Refresh();
        return self.TotalProcessorTime.TotalSeconds;
    }
    for (var round = 0; round < rounds; round++)
    {
        // ORT alone: one prepared batch run repeatedly (no decoding, no resizing).
        var runs = Math.Max(2, count / batch);
        var c0 = CpuSeconds();
        var sw = Stopwatch.StartNew();
        for (var r = 0; r < runs; r++)
            f.Infer(prepared);
        ort.Add(runs * batch / sw.Elapsed.TotalSeconds);
        cpu["ort"] = cpu.GetValueOrDefault("ort") + (CpuSeconds() - c0) / (runs * batch * rounds);

        foreach (var workers in e2e.Keys)
        {
            c0 = CpuSeconds();
            var result = FeatureExtractor.Run(sources, f, null, NullReporter.Instance, workers);
            e2e[workers].Add(count / result.Elapsed.TotalSeconds);
            cpu[$"e2e{workers}"] = cpu.GetValueOrDefault($"e2e{workers}") + (CpuSeconds() - c0) / (count * rounds);
        }
    }

    prepared.ForEach(p => p.Dispose());

    // Decode + resize + normalise alone, all cores (what the pipeline overlaps with inference).
    var clock = Stopwatch.StartNew();
    Parallel.ForEach(sources, s =>
    {
        using var bmp = s.Load();
        using var p = f.Prepare(bmp);
    });
    var prepRate = count / clock.Elapsed.TotalSeconds;

    static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
    Console.WriteLine();
    Console.WriteLine($"### resnet18, ORT CPU, batch {batch}, {count} images per round, {rounds} interleaved rounds (load average before: {loadBefore})");
    Console.WriteLine();
    Console.WriteLine("| measurement | best images/s | median images/s | best vs ORT alone | CPU ms per image | CPU vs ORT alone |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
    Console.WriteLine($"| ORT alone on preloaded tensors (Infer on a prepared batch) | {ort.Max():F1} | {Median(ort):F1} | 1.00 | {cpu["ort"] * 1000:F1} | 1.00 |");
    foreach (var (workers, rates) in e2e)
    {
        var label = workers == 0 ? $"{Environment.ProcessorCount} (one per core, default)" : "1";
        var c = cpu[$"e2e{workers}"];
        Console.WriteLine($"| end to end from PNG files, decode workers {label} | {rates.Max():F1} | {Median(rates):F1} | {rates.Max() / ort.Max():F2} | {c * 1000:F1} | {cpu["ort"] / c:F2} |");
    }

    Console.WriteLine($"| decode + resize to 224 + normalise only, all cores | {prepRate:F0} | | | | |");
    Console.WriteLine();
    Console.WriteLine($"provider line: {reporter.Infos.FirstOrDefault()} (load average after: {LoadAverage()})");
}

// ML.NET's DnnFeaturizeImage(ResNet18) pipeline, a separate project (build it first: see its csproj).
static void MlNetPeer(string folder, int count)
{
    var here = Path.GetDirectoryName(typeof(SyntheticImages).Assembly.Location)!;
    var config = new DirectoryInfo(here).Parent!.Name; // bin/<config>/net10.0
    var dll = Path.GetFullPath(Path.Combine(here, "..", "..", "..", "MlNetPeer", "bin", config, "net10.0", "AugBuild.MlNetPeer.dll"));
    if (!File.Exists(dll))
    {
        Console.WriteLine($"ML.NET peer: not built ({dll}); build bench/AugBuild.FeaturizeBench/MlNetPeer -c {config} to include it.");
        return;
    }

    var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
        ? Environment.ProcessPath!
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var a in new[] { dll, folder, count.ToString(CultureInfo.InvariantCulture) })
        psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT", StringComparison.Ordinal));
    var rate = line?.Split(' ').FirstOrDefault(t => t.StartsWith("rate=", StringComparison.Ordinal))?[5..];
    Console.WriteLine(rate is null
        ? $"ML.NET peer failed: {output.Trim()}"
        : $"ML.NET 5.0.1 DnnFeaturizeImage(ResNet18) peer, same {count} PNGs, one run after a warm-up: {double.Parse(rate, CultureInfo.InvariantCulture):F1} images/s (load average after: {LoadAverage()})");
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static void Memory(string folder, bool quick)
{
    var cases = new List<(string Spec, int Count)> { ("pixels", 2_000), ("pixels", 10_000), ("pixels:32", 2_000), ("pixels:32", 10_000), ("resnet18", 500) };
    cases.Add(("resnet18", 2_000));
    if (!quick)
        cases.Add(("resnet18", 10_000));

    Console.WriteLine();
    Console.WriteLine("### Peak memory (Process.PeakWorkingSet64, one fresh process per row, batch 32, no cache)");
    Console.WriteLine();
    Console.WriteLine("| featurizer | images | dimension | features returned (n x d x 4 B) | peak working set | GC heap after the run (features alive) | images/s |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var (spec, count) in cases)
    {
        var self = Environment.ProcessPath!;
        var dll = typeof(SyntheticImages).Assembly.Location;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            psi.ArgumentList.Add(dll);
        foreach (var a in new[] { "memory", spec, folder, count.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT", StringComparison.Ordinal));
        if (line is null)
        {
            Console.WriteLine($"| {spec} | {count} | failed: {output.Trim()} | | | | |");
            continue;
        }

        var kv = line.Split(' ').Skip(1).Select(t => t.Split('=')).ToDictionary(t => t[0], t => double.Parse(t[1], CultureInfo.InvariantCulture));
        var featuresMb = kv["n"] * kv["dim"] * 4 / 1e6;
        Console.WriteLine($"| {spec} | {count:N0} | {kv["dim"]} | {featuresMb:F1} MB | {kv["peak"] / 1e6:F0} MB | {kv["heap"] / 1e6:F0} MB | {kv["n"] / kv["elapsed"]:F0} |");
    }
}

static int DeviceProbe(string device)
{
    var reporter = new CollectingReporter();
    try
    {
        using var f = FeaturizerFactory.Create("resnet18", new FeaturizerOptions { Settings = FeaturizationSettings.Default with { Device = device } }, reporter);
        Console.WriteLine($"provider: {f.Provider}");
    }
    catch (AugBuildException e)
    {
        Console.WriteLine($"error {e.Code}: {e.Message}");
    }

    reporter.Infos.ForEach(i => Console.WriteLine($"info: {i}"));
    reporter.Warnings.ForEach(w => Console.WriteLine($"warning {w.Code}: {w.Message}"));
    return 0;
}

static int MemoryChild(string spec, string folder, int count)
{
    var paths = Directory.GetFiles(folder, "img*.png").Order(StringComparer.Ordinal).Take(count).ToList();
    using var f = FeaturizerFactory.Create(spec, new FeaturizerOptions { Settings = FeaturizationSettings.Default with { Device = "cpu" } }, NullReporter.Instance);
    var result = FeatureExtractor.Run(paths.Select(p => (IImageSource)new FileImageSource(p)).ToList(), f, null, NullReporter.Instance);
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    var peak = self.PeakWorkingSet64;
    var heap = GC.GetTotalMemory(forceFullCollection: true);
    GC.KeepAlive(result);
    Console.WriteLine(FormattableString.Invariant(
        $"RESULT peak={peak} heap={heap} elapsed={result.Elapsed.TotalSeconds} dim={result.Dimension} n={result.Computed}"));
    return result.Failures.Count == 0 ? 0 : 1;
}
