using System.Globalization;
using AugBuild.Benchmarks;

// dotnet run -c Release --project bench/AugBuild.Benchmarks -- influence [n d K C repeats]
//                                                            -- gemm [size]
//                                                            -- augmented-fits [n d K copies C]
string command = args.Length > 0 ? args[0] : "influence";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
switch (command)
{
    case "influence":
        InfluenceBenchmark.Run(Arg(1, 10_000), Arg(2, 512), Arg(3, 10),
            args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 1.0, Arg(5, 3));
        return 0;
    case "augmented-fits":
        AugmentedFitBenchmark.Run(Arg(1, 1000), Arg(2, 512), Arg(3, 10), Arg(4, 4),
            args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 1.0);
        return 0;
    case "gemm":
        KernelBenchmark.Run(Arg(1, 2048));
        return 0;
    default:
        Console.Error.WriteLine("usage: AugBuild.Benchmarks [influence [n d K C repeats] | augmented-fits [n d K copies C] | gemm [size]]");
        return 2;
}
