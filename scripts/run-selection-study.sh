#!/usr/bin/env bash
# Runs the guarded-selection study of docs/results.md ("Selection that beats random") on the tuning settings,
# or, with SPLIT=holdout, once on the untouched Fashion-MNIST split (scripts/make_holdout.py).
# With SPLIT=resnet18, the six Fashion-MNIST settings (binary and 10-class; translate, rotate, crop) with the
# default featurizer, after the default was chosen.
# Usage: scripts/run-selection-study.sh [out dir]   (env: CACHE, THREADS, SPLIT=tuning|holdout|resnet18, CLI=augbuild executable)
# Needs artifacts/digits (scripts/make_digits.py) for tuning and artifacts/holdout for the holdout run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/artifacts/selection-study}"
cache="${CACHE:-$root/artifacts/cache}"
threads="${THREADS:-2}"
split="${SPLIT:-tuning}"
cli="${CLI:-$root/src/Cli/bin/Release/net10.0/augbuild}"
policies="baseline,random-proportional,deterministic-proportional,random-inverse,baseline+guard,baseline+guard:0.2,baseline+guard:0,random-proportional+guard,random-power+guard,moderate"

study() { # name train test featurizer transform
  local name="$1" train="$2" test="$3" featurizer="$4" transform="$5"
  local dir="$out/$name-${featurizer//:/}-$transform"
  if [ -f "$dir/auc.csv" ]; then echo "== $name $featurizer $transform: done already"; return; fi
  mkdir -p "$dir"
  echo "== $name $featurizer $transform ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
  "$cli" experiment --train "$train" --test "$test" --transforms "$transform" --featurizer "$featurizer" --device cpu \
    --cache "$cache" --score loss,influence --policies "$policies" --rounds 5 --budgets 0,10,25,50,100,150,250 \
    --threads "$threads" --seed 0 --out "$dir" 2>&1 | grep --line-buffered -v '^augbuild: ' > "$dir/log.txt"
  echo "   done $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"
}

fm="$root/benchmarks/fashion-mnist"
if [ "$split" = holdout ]; then
  for t in translate rotate crop; do study holdout "$root/artifacts/holdout/train" "$root/artifacts/holdout/test" pixels:14 "$t"; done
  exit 0
fi
if [ "$split" = resnet18 ]; then
  for task in binary multiclass; do
    for t in translate crop rotate; do study "$task" "$fm/$task/train" "$fm/$task/test" resnet18 "$t"; done
  done
  exit 0
fi
for t in translate rotate crop; do
  study digits "$root/artifacts/digits/train" "$root/artifacts/digits/test" pixels:8 "$t"
  study binary "$fm/binary/train" "$fm/binary/test" pixels:14 "$t"
  study multiclass "$fm/multiclass/train" "$fm/multiclass/test" pixels:7 "$t"
done
