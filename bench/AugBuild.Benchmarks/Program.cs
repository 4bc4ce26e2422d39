using System.Globalization;
using AugBuild.Benchmarks;

// dotnet run -c Release --project bench/AugBuild.Benchmarks -- influence [n d K C repeats]
//                                                            -- gemm [size]
string command = args.Length > 0 ? args[0] : "influence";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
switch (command)
{
    case "influence":
        InfluenceBenchmark.Run(Arg(1, 10_000), Arg(2, 512), Arg(3, 10),
            args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 1.0, Arg(5, 3));
        return 0;
    case "gemm":
        KernelBenchmark.Run(Arg(1, 2048));
        return 0;
    default:
        Console.Error.WriteLine("usage: AugBuild.Benchmarks [influence [n d K C repeats] | gemm [size]]");
        return 2;
}
