using System.Runtime.CompilerServices;

// The benchmark times the internal kernels (GEMM, Cholesky, triangular solve) one by one.
[assembly: InternalsVisibleTo("AugBuild.Benchmarks")]
