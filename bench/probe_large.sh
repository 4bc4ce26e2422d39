#!/usr/bin/env bash
# The K = 100 goal of docs/performance.md ("Probe at scale"): n = 50,000, d = 512, K = 100 synthetic features, the
# matrix-free fit at C = 1 and block influence, in one process. Prints the load before and after and the process's
# CPU seconds (user + sys) and peak resident memory, so a run on a shared machine can be projected to an idle one
# (both stages keep both cores busy: idle wall time is about CPU seconds / cores).
# usage: bench/probe_large.sh [n] [d] [K]
set -euo pipefail
n=${1:-50000}
d=${2:-512}
k=${3:-100}
bench="dotnet bench/AugBuild.Benchmarks/bin/Release/net10.0/AugBuild.Benchmarks.dll"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
/usr/bin/time -f "process: %e s wall, %U s user + %S s sys, peak resident %M KB" \
  nice -n 5 $bench probe-fit "$n" "$d" "$k" 1 block matrix-free gauss
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
