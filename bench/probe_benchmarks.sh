#!/usr/bin/env bash
# The probe benchmarks of docs/performance.md ("Probe at scale"), each size in its own process (peak memory is the
# process's), with the scipy reference on the same exported features. usage: bench/probe_benchmarks.sh <work-dir> [main-bench-dll]
set -euo pipefail
work=${1:?work dir}
today=${2:-}
bench="dotnet bench/AugBuild.Benchmarks/bin/Release/net10.0/AugBuild.Benchmarks.dll"
mkdir -p "$work"
step() { echo "== $* (load: $(cut -d' ' -f1-3 /proc/loadavg))"; }

step "cv n=500 d=512 K=10 (relu features), matrix-free and dense"
$bench probe-cv 500 512 10 relu "$work/cv500" dense
step "scipy reference on the same features, folds and grid"
/usr/bin/python3 bench/scipy_reference.py "$work/cv500" trust-ncg,lbfgs

step "fit + exact influence n=10,000 d=512 K=10 C=1, matrix-free and dense fit"
$bench probe-fit 10000 512 10 1 exact dense gauss "$work/fit10k"
if [ -n "$today" ]; then
  step "the same on the previous version (dense Newton fit, exact influence)"
  dotnet "$today" influence 10000 512 10 1 1
fi
step "scipy reference fit, n=10,000"
/usr/bin/python3 bench/scipy_reference.py "$work/fit10k" trust-ncg

step "fit + block influence n=50,000 d=512 K=100 C=1"
$bench probe-fit 50000 512 100 1 block matrix-free gauss
for n in 12500 25000; do
  step "scaling in n: n=$n d=512 K=100"
  $bench probe-fit $n 512 100 1 block matrix-free gauss
done
step "scaling in K: n=25,000 d=512 K=200"
$bench probe-fit 25000 512 200 1 block matrix-free gauss
step "done"
