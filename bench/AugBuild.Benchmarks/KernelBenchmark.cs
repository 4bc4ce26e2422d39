using System.Diagnostics;
using AugBuild.Engine.Learning.Kernels;

namespace AugBuild.Benchmarks;

/// <summary>GFLOP/s of the packed GEMM on square row-major matrices, one thread and all threads.</summary>
internal static unsafe class KernelBenchmark
{
    public static void Run(int size)
    {
        Console.WriteLine($"kernel: {Gemm.KernelName}, size {size}, {Environment.ProcessorCount} cores");
        var rng = new Random(1);
        double[] a = Fill(rng, size * size), b = Fill(rng, size * size), c = new double[size * size];
        fixed (double* pa = a, pb = b, pc = c)
        {
            foreach (bool parallel in new[] { false, true })
            {
                for (int rep = 0; rep < 3; rep++)
                {
                    var sw = Stopwatch.StartNew();
                    Gemm.Multiply(size, size, size, 1.0, StridedMatrix.RowMajor(pa, size), StridedMatrix.RowMajor(pb, size), pc, size, parallel: parallel);
                    double s = sw.Elapsed.TotalSeconds;
                    Console.WriteLine($"gemm parallel={parallel}: {s:F3} s, {2.0 * size * size * (double)size / s / 1e9:F1} GFLOP/s");
                }
            }
        }
    }

    private static double[] Fill(Random rng, int count)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++) x[i] = rng.NextDouble() - 0.5;
        return x;
    }
}
