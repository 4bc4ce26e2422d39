using System.Diagnostics;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Benchmarks;

/// <summary>
/// GFLOP/s of the packed GEMM: a square row-major product (one thread, then all threads) and one Hessian-shaped
/// block (X^T diag(w) X, lower triangle, 513 x 513 over 10,000 rows). Rates by wall and by process CPU time,
/// since the development machine is shared.
/// </summary>
internal static unsafe class KernelBenchmark
{
    public static void Run(int size)
    {
        Console.WriteLine($"kernel: {Gemm.KernelName}, size {size}, {Environment.ProcessorCount} cores");
        var rng = new Random(1);
        double[] a = Fill(rng, size * size), b = Fill(rng, size * size), c = new double[size * size];
        fixed (double* fa = a, fb = b, fc = c)
        {
            nint qa = (nint)fa, qb = (nint)fb, qc = (nint)fc; // lambdas cannot capture fixed locals
            foreach (bool parallel in new[] { false, true })
            {
                for (int rep = 0; rep < 3; rep++)
                {
                    Time($"gemm {size} parallel={parallel}", 2.0 * size * size * (double)size, () =>
                        Gemm.Multiply(size, size, size, 1.0, StridedMatrix.RowMajor((double*)qa, size), StridedMatrix.RowMajor((double*)qb, size), (double*)qc, size, parallel: parallel));
                }
            }
        }

        const int n = 10_000, d1 = 513;
        double[] x = Fill(rng, n * d1), w = Fill(rng, n), h = new double[d1 * d1];
        fixed (double* fx = x, fw = w, fh = h)
        {
            nint px = (nint)fx, pw = (nint)fw, ph = (nint)fh;
            for (int rep = 0; rep < 3; rep++)
            {
                Time("hessian block (1 thread)", (double)n * d1 * (d1 + 1), () =>
                    Gemm.Multiply(d1, d1, n, 1.0, new StridedMatrix((double*)px, 1, d1), StridedMatrix.RowMajor((double*)px, d1), (double*)ph, d1, (double*)pw, lowerOnly: true));
            }
        }
    }

    private static void Time(string label, double flops, Action action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        action();
        double wall = sw.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"{label}: {wall:F3} s wall, {flops / wall / 1e9:F1} GFLOP/s; {cpuSeconds:F3} s cpu, {flops / cpuSeconds / 1e9:F1} GFLOP/s per cpu-second");
    }

    private static double[] Fill(Random rng, int count)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++) x[i] = rng.NextDouble() - 0.5;
        return x;
    }
}
