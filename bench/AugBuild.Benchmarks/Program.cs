using System.Globalization;
using AugBuild.Benchmarks;

// dotnet run -c Release --project bench/AugBuild.Benchmarks -- influence [n d K C repeats]
//                                                            -- gemm [size]
//                                                            -- augmented-fits [n d K copies C]
//                                                            -- probe-cv [n d K gauss|relu export-dir|- dense]
//                                                            -- probe-agree [n d K C gauss|relu]
//                                                            -- probe-fit [n d K C exact|block|none dense|matrix-free gauss|relu export-dir]
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
    case "probe-cv":
        ProbeBenchmark.CrossValidate(Arg(1, 500), Arg(2, 512), Arg(3, 10), args.Length > 4 ? args[4] : "relu",
            args.Length > 5 && args[5] != "-" ? args[5] : null, args.Length > 6 && args[6] == "dense");
        return 0;
    case "probe-fit":
        ProbeBenchmark.FitAndInfluence(Arg(1, 10_000), Arg(2, 512), Arg(3, 10),
            args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 1.0, args.Length > 5 ? args[5] : "exact",
            args.Length > 6 && args[6] == "dense", args.Length > 7 ? args[7] : "gauss", args.Length > 8 ? args[8] : null);
        return 0;
    case "probe-agree":
        ProbeBenchmark.Agreement(Arg(1, 2000), Arg(2, 64), Arg(3, 10),
            args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 1.0, args.Length > 5 ? args[5] : "gauss");
        return 0;
    case "probe-kernels":
        ProbeBenchmark.Kernels(Arg(1, 10_000), Arg(2, 512), Arg(3, 10));
        return 0;
    case "gemm":
        KernelBenchmark.Run(Arg(1, 2048));
        return 0;
    default:
        Console.Error.WriteLine("usage: AugBuild.Benchmarks [influence [n d K C repeats] | augmented-fits [n d K copies C] | probe-cv [n d K kind dir] | probe-fit [n d K C method dense kind dir] | gemm [size]]");
        return 2;
}
