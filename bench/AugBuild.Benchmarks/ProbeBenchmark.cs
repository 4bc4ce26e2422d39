using System.Diagnostics;
using System.Globalization;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Benchmarks;

/// <summary>
/// The probe at the sizes of issue 14, on synthetic features (Gaussian classes of <see cref="InfluenceBenchmark.Synthetic"/>,
/// or non-negative "relu" features with a common mean like a CNN's pooled activations):
/// <list type="bullet">
/// <item>cv: C by stratified 4-fold CV over the default grid, then the final fit (the score stage's whole fit);</item>
/// <item>fit: one fit at a given C, matrix-free and optionally dense (today's solver), then influence by a given method.</item>
/// </list>
/// Each command can export its features, labels and folds for bench/scipy_reference.py, so the reference runs on
/// exactly the same problem. Peak memory is the process's peak working set: run one size per process.
/// </summary>
internal static class ProbeBenchmark
{
    public static void CrossValidate(int n, int d, int k, string kind, string? export, bool dense)
    {
        var data = Features(n, d, k, kind);
        Header("cv", n, d, k, kind);
        var keys = Enumerable.Range(0, n).Select(i => $"row{i}").ToArray();
        var reporter = new CollectingReporter();
        var sw = Stopwatch.StartNew();
        var cpu = Cpu();
        var cv = CrossValidation.ChooseC(data, keys, options: new FitOptions { Reporter = reporter });
        double cvSeconds = sw.Elapsed.TotalSeconds, cvCpu = Cpu() - cpu;
        sw.Restart();
        var model = SoftmaxRegression.Fit(data, cv.BestC);
        double fitSeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"cv:         {cvSeconds,7:F2} s ({cvCpu:F2} s cpu; 4 folds x {cv.Grid.Count} C, mean accuracy " +
            string.Join(" ", cv.Grid.Select((c, g) => $"C={c}:{cv.MeanScores[g]:F3}")) + $") -> C = {cv.BestC}");
        Console.WriteLine($"final fit:  {fitSeconds,7:F2} s ({model.Iterations} Newton steps, {model.HessianVectorProducts} CG products, |grad| {model.GradientNorm:G3})");
        Console.WriteLine($"fit stage:  {cvSeconds + fitSeconds,7:F2} s; peak working set {PeakMb():F0} MB");
        if (dense) DenseCrossValidation(data, cv);
        if (export is not null) Export(export, data, cv.OutOfFold.Folds.ToArray(), cv.Grid.ToArray(), cv.BestC, model);
    }

    /// <summary>The CV as it ran before the matrix-free fit: folds in sequence, each C a dense Newton fit warm-started from the last.</summary>
    private static void DenseCrossValidation(TrainingSet data, CvResult cv)
    {
        var sw = Stopwatch.StartNew();
        var cpu = Cpu();
        var order = Enumerable.Range(0, cv.Grid.Count).OrderBy(g => cv.Grid[g]).ToArray();
        var means = new double[cv.Grid.Count];
        int folds = cv.OutOfFold.Folds.Max() + 1;
        for (int f = 0; f < folds; f++)
        {
            var train = data.Subset(Enumerable.Range(0, data.Count).Where(i => cv.OutOfFold.Folds[i] != f).ToArray());
            var test = data.Subset(Enumerable.Range(0, data.Count).Where(i => cv.OutOfFold.Folds[i] == f).ToArray());
            double[]? start = null;
            foreach (int g in order)
            {
                var model = SoftmaxRegression.Fit(train, cv.Grid[g], new FitOptions { Solver = FitSolver.Dense, InitialParameters = start });
                start = model.Parameters;
                means[g] += model.WeightedAccuracy(test) / folds;
            }
        }

        double seconds = sw.Elapsed.TotalSeconds, cpuSeconds = Cpu() - cpu;
        sw.Restart();
        var final = SoftmaxRegression.Fit(data, cv.BestC, new FitOptions { Solver = FitSolver.Dense });
        Console.WriteLine($"dense cv:   {seconds,7:F2} s ({cpuSeconds:F2} s cpu; same folds, mean accuracy " +
            string.Join(" ", cv.Grid.Select((c, g) => $"C={c}:{means[g]:F3}")) + $"); dense final fit {sw.Elapsed.TotalSeconds:F2} s " +
            $"({final.Iterations} steps, {final.Factorizations} factorisations); dense fit stage {seconds + sw.Elapsed.TotalSeconds:F2} s");
    }

    public static void FitAndInfluence(int n, int d, int k, double c, string method, bool dense, string kind, string? export)
    {
        var data = Features(n, d, k, kind);
        Header($"fit C={c.ToString(CultureInfo.InvariantCulture)} influence={method}", n, d, k, kind);
        var sw = Stopwatch.StartNew();
        var cpu = Cpu();
        var model = SoftmaxRegression.Fit(data, c);
        Console.WriteLine($"fit:        {sw.Elapsed.TotalSeconds,7:F2} s ({Cpu() - cpu:F2} s cpu; {model.Iterations} Newton steps, " +
            $"{model.HessianVectorProducts} CG products, |grad| {model.GradientNorm:G3}, train acc {model.Accuracy(data):P1})");
        if (dense)
        {
            sw.Restart();
            cpu = Cpu();
            var reference = SoftmaxRegression.Fit(data, c, new FitOptions { Solver = FitSolver.Dense });
            double gap = model.Parameters.Zip(reference.Parameters, (a, b) => Math.Abs(a - b)).Max();
            Console.WriteLine($"dense fit:  {sw.Elapsed.TotalSeconds,7:F2} s ({Cpu() - cpu:F2} s cpu; {reference.Iterations} Newton steps, " +
                $"{reference.Factorizations} factorisations, {reference.HessianVectorProducts} CG products; max |theta - theta_dense| {gap:G3})");
        }

        if (method != "none")
        {
            sw.Restart();
            cpu = Cpu();
            var scores = method == "block"
                ? PointScores.BlockInfluence(model, data)
                : PointScores.Influence(model, data);
            Console.WriteLine($"influence:  {sw.Elapsed.TotalSeconds,7:F2} s ({Cpu() - cpu:F2} s cpu; {method}; mean {scores.Average():G4})");
        }

        Console.WriteLine($"peak working set {PeakMb():F0} MB");
        if (export is not null) Export(export, data, [], [c], c, model);
    }

    /// <summary>Block-diagonal against exact influence on one problem: Spearman rank correlation and top-10% overlap.</summary>
    public static void Agreement(int n, int d, int k, double c, string kind)
    {
        var data = Features(n, d, k, kind);
        Header($"agreement C={c.ToString(CultureInfo.InvariantCulture)}", n, d, k, kind);
        var model = SoftmaxRegression.Fit(data, c);
        var sw = Stopwatch.StartNew();
        var exact = PointScores.Influence(model, data);
        double exactSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var block = PointScores.BlockInfluence(model, data);
        Console.WriteLine($"exact {exactSeconds:F2} s, block {sw.Elapsed.TotalSeconds:F2} s; Spearman {RankAgreement.Spearman(exact, block):F4}, " +
            $"top-10% overlap {RankAgreement.TopOverlap(exact, block, 0.1):F3}, top-1% overlap {RankAgreement.TopOverlap(exact, block, 0.01):F3}");
    }

    /// <summary>One Hessian-vector product and one objective evaluation, the fit's two kernels, best of 20.</summary>
    public static void Kernels(int n, int d, int k)
    {
        var data = Features(n, d, k, "gauss");
        Header("kernels", n, d, k, "gauss");
        var theta = new double[(k - 1) * (d + 1)];
        var rng = new Random(1);
        for (int q = 0; q < theta.Length; q++) theta[q] = 0.01 * (rng.NextDouble() - 0.5);
        var (probs, _) = SoftmaxObjective.Evaluate(theta, data);
        double hv = double.MaxValue, eval = double.MaxValue;
        for (int r = 0; r < 20; r++)
        {
            var sw = Stopwatch.StartNew();
            SoftmaxObjective.HessianVector(data, 1.0, probs, theta);
            hv = Math.Min(hv, sw.Elapsed.TotalSeconds);
            sw.Restart();
            SoftmaxObjective.Evaluate(theta, data);
            eval = Math.Min(eval, sw.Elapsed.TotalSeconds);
        }

        double macs = 2.0 * n * (d + 1) * (k - 1);
        Console.WriteLine($"H v: {hv * 1e3:F1} ms ({macs / hv / 1e9:F1} GMAC/s); evaluate: {eval * 1e3:F1} ms");
        // One thread, in CPU seconds: the figure that does not depend on the neighbours' load.
        double cpu = Cpu();
        const int products = 20;
        for (int r = 0; r < products; r++) SoftmaxObjective.HessianVector(data, 1.0, probs, theta, parallel: false);
        double perProduct = (Cpu() - cpu) / products;
        Console.WriteLine($"H v on one thread: {perProduct * 1e3:F1} ms cpu ({macs / perProduct / 1e9:F1} GMAC/s per core)");
    }

    private static void Header(string what, int n, int d, int k, string kind) =>
        Console.WriteLine($"{what}: n={n} d={d} K={k} p={(k - 1) * (d + 1)} features={kind}; kernel {Gemm.KernelName}; {Environment.ProcessorCount} cores");

    private static TrainingSet Features(int n, int d, int k, string kind) => kind switch
    {
        "gauss" => InfluenceBenchmark.Synthetic(n, d, k, seed: 42),
        "relu" => Relu(n, d, k, seed: 42),
        _ => throw new ArgumentException($"features must be gauss or relu, got {kind}"),
    };

    /// <summary>max(0, 0.5 + 0.4 m_y + 0.6 noise): non-negative, correlated through the common mean, classes overlapping.</summary>
    private static TrainingSet Relu(int n, int d, int k, int seed)
    {
        var gauss = InfluenceBenchmark.Synthetic(n, d, k, seed);
        var x = gauss.Features.ToArray();
        for (int i = 0; i < x.Length; i++) x[i] = Math.Max(0, 0.5 + 0.6 * x[i]);
        return new TrainingSet(x, d, gauss.Labels, k);
    }

    /// <summary>Raw little-endian arrays and a small text header that numpy reads with np.fromfile.</summary>
    private static void Export(string folder, TrainingSet data, int[] folds, double[] grid, double c, SoftmaxModel model)
    {
        Directory.CreateDirectory(folder);
        WriteDoubles(Path.Combine(folder, "features.f64"), data.Features.ToArray());
        File.WriteAllBytes(Path.Combine(folder, "labels.i32"), data.Labels.SelectMany(BitConverter.GetBytes).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "folds.i32"), folds.SelectMany(BitConverter.GetBytes).ToArray());
        WriteDoubles(Path.Combine(folder, "theta.f64"), model.Parameters);
        File.WriteAllText(Path.Combine(folder, "problem.txt"), string.Create(CultureInfo.InvariantCulture,
            $"n {data.Count}\nd {data.Dimension}\nK {data.ClassCount}\nC {c:R}\ngrid {string.Join(",", grid.Select(g => g.ToString("R", CultureInfo.InvariantCulture)))}\n"));
    }

    private static void WriteDoubles(string path, double[] values) =>
        File.WriteAllBytes(path, values.SelectMany(BitConverter.GetBytes).ToArray());

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static double PeakMb() => Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
}
