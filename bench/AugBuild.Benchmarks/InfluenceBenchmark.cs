using System.Diagnostics;
using AugBuild.Engine.Diagnostics;
using AugBuild.Engine.Learning;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Benchmarks;

/// <summary>
/// Times the probe on synthetic data shaped like the product's (Gaussian classes around random means):
/// the Newton fit, then exact influence split into Hessian build, Cholesky and the batched solve.
/// </summary>
internal static class InfluenceBenchmark
{
    public static void Run(int n, int d, int k, double c, int repeats)
    {
        var data = Synthetic(n, d, k, seed: 42);
        int p = (k - 1) * (d + 1);
        Console.WriteLine($"n={n} d={d} K={k} p={p} C={c}; kernel {Gemm.KernelName}; {Environment.ProcessorCount} cores");

        var fitCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var model = SoftmaxRegression.Fit(data, c);
        double fit = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"fit cpu:    {(Process.GetCurrentProcess().TotalProcessorTime - fitCpu).TotalSeconds,7:F2} s");
        Console.WriteLine($"fit:        {fit,7:F2} s  ({model.Iterations} Newton steps, {model.Factorizations} Hessian factorisations, {model.HessianVectorProducts} CG products, |grad| {model.GradientNorm:G3}, train acc {model.Accuracy(data):P1})");

        // The dev VM is shared: repeat and keep the fastest run of each stage.
        double build = double.MaxValue, chol = double.MaxValue, solve = double.MaxValue;
        double[] scores = [];
        for (int r = 0; r < repeats; r++)
        {
            var cpu0 = Cpu();
            sw.Restart();
            var h = PointScores.BuildHessian(model, data);
            double b = sw.Elapsed.TotalSeconds;
            var cpu1 = Cpu();
            sw.Restart();
            var factor = HessianFactor.Factorize(h, p, NullReporter.Instance, parallel: true);
            double f = sw.Elapsed.TotalSeconds;
            var cpu2 = Cpu();
            sw.Restart();
            scores = PointScores.SelfInfluence(model, factor, data);
            double s = sw.Elapsed.TotalSeconds;
            var cpu3 = Cpu();
            // CPU seconds show whether the wall time was ours: on an idle 2-core machine cpu ~ 2 x wall.
            Console.WriteLine($"run {r + 1}: hessian {b:F2} s ({cpu1 - cpu0:F2} cpu), cholesky {f:F2} s ({cpu2 - cpu1:F2} cpu), " +
                $"scores {s:F2} s ({cpu3 - cpu2:F2} cpu), total {b + f + s:F2} s wall, {cpu3 - cpu0:F2} s cpu");
            (build, chol, solve) = (Math.Min(build, b), Math.Min(chol, f), Math.Min(solve, s));
        }

        Console.WriteLine($"hessian:    {build,7:F2} s  ({Gflops(HessianFlops(n, d, k), build)})");
        Console.WriteLine($"cholesky:   {chol,7:F2} s  ({Gflops((double)p * p * p / 3, chol)})");
        Console.WriteLine($"scores:     {solve,7:F2} s  ({Gflops((double)n * p * p, solve)})");
        Console.WriteLine($"influence:  {build + chol + solve,7:F2} s  (best of {repeats} per stage; fit excluded)");
        Console.WriteLine($"score range [{scores.Min():G3}, {scores.Max():G3}], mean {scores.Average():G3}");

        sw.Restart();
        var loss = PointScores.Loss(model, data);
        Console.WriteLine($"loss:       {sw.Elapsed.TotalSeconds,7:F2} s  (mean {loss.Average():G3})");
    }

    /// <summary>Lower triangles of the K(K-1)/2 blocks: n (d+1)(d+2)/2 multiply-adds each.</summary>
    private static double HessianFlops(int n, int d, int k) => (k - 1) * k / 2.0 * n * (d + 1.0) * (d + 2) / 2 * 2;

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string Gflops(double flops, double seconds) => $"{flops / seconds / 1e9:F0} GFLOP/s";

    internal static TrainingSet Synthetic(int n, int d, int k, int seed)
    {
        var rng = new Random(seed);
        var means = new double[k * d];
        for (int i = 0; i < means.Length; i++) means[i] = 0.15 * Normal(rng);
        var x = new double[n * d];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % k;
            for (int j = 0; j < d; j++) x[i * d + j] = means[y[i] * d + j] + Normal(rng);
        }

        return new TrainingSet(x, d, y, k);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
