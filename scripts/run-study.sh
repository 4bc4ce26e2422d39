#!/usr/bin/env bash
# Runs the experiment study of docs/results.md on the Fashion-MNIST benchmarks (benchmarks/fashion-mnist/).
# Usage: scripts/run-study.sh [out dir]   (env: CACHE=feature cache folder, THREADS=runs at once)
# Each study writes <out>/<task>-<featurizer>-<transform>/{results.csv,auc.csv,report.html,log.txt}.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/study}"
cache="${CACHE:-$root/artifacts/cache}"
threads="${THREADS:-2}"
dotnet build "$root/src/Cli" -c Release -nologo -v q
cli="$root/src/Cli/bin/Release/net10.0/augbuild"

study() { # task featurizer transform
  local task="$1" featurizer="$2" transform="$3"
  local dir="$out/$task-${featurizer//:/}-$transform"
  if [ -f "$dir/auc.csv" ]; then echo "== $task $featurizer $transform: done already"; return; fi
  mkdir -p "$dir"
  echo "== $task $featurizer $transform"
  "$cli" experiment --train "$root/benchmarks/fashion-mnist/$task/train" --test "$root/benchmarks/fashion-mnist/$task/test" \
    --transforms "$transform" --featurizer "$featurizer" --device cpu --cache "$cache" --score loss,influence \
    --policies all --rounds 5 --threads "$threads" --seed 0 --out "$dir" 2>&1 | grep --line-buffered -v '^augbuild: ' | tee "$dir/log.txt"
}

# Raw pixels downsampled (14x14 binary, 7x7 for 10 classes) keep the Newton fits cheap on a CPU; see docs/results.md.
study binary pixels:14 translate
study binary resnet18 translate
for transform in rotate crop; do study binary pixels:14 "$transform"; done
for transform in translate rotate crop; do study multiclass pixels:7 "$transform"; done
# Native 28x28 pixels (784-d) on binary translate, and resnet18 on binary crop.
study binary pixels translate
study binary resnet18 crop
study binary resnet18 rotate
study multiclass resnet18 translate
study multiclass resnet18 crop
study multiclass resnet18 rotate
# Native 28x28 pixels on binary rotate and crop; 14x14 pixels (196-d, 1,773 parameters) on the 10-class task.
for transform in rotate crop; do study binary pixels "$transform"; done
for transform in translate rotate crop; do study multiclass pixels:14 "$transform"; done
