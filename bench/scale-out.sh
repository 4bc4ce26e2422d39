#!/usr/bin/env bash
# Scale-out figures of docs/performance.md ("Scale-out"). usage: bench/scale-out.sh <work-dir> [images-for-throughput] [count]
#  1. featurize throughput: 1 one-thread shard over the images vs 2 one-thread shards at once (resnet18). A shard is
#     "one thread" with DOTNET_PROCESSOR_COUNT=1 (one decode worker) and --onnx-threads 1 (one inference thread).
#  2. a simulated 64-shard run on the sample images (pixels:8): 64 featurize processes, score + select, 64 materialize
#     processes, gather; wall and CPU seconds of each stage, the fit on the merged features and the gather's share.
# Every figure is printed with the load average: the machine may be shared. SKIP_SIM=1 runs only the first part.
set -euo pipefail
work=${1:?work dir}
root="$(cd "$(dirname "$0")/.." && pwd)"
throughput_images="$(cd "${2:-$root/benchmarks/fashion-mnist/multiclass/train}" && pwd)"
count=${3:-200}
aug="dotnet $root/src/Cli/bin/Release/net10.0/augbuild.dll"
mkdir -p "$work"
load() { cut -d' ' -f1-3 /proc/loadavg; }
timed() { # label, command...: prints wall, user+sys CPU seconds and the load
  local label=$1; shift
  local l0; l0=$(load)
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" > "$work/$label.log" 2>&1
  read -r wall user sys < "$work/time.txt"
  echo "$label: wall ${wall}s cpu $(echo "$user $sys" | awk '{printf "%.1f", $1 + $2}')s (load before: $l0, after: $(load))"
}

# 1. Throughput: a manifest of the first $count images (sorted), so both runs featurize the same set.
manifest="$work/throughput.csv"
echo "path,label" > "$manifest"
(cd "$throughput_images" && find . -type f -name '*.png' | sort | head -n "$count" | while read -r f; do echo "$throughput_images/${f#./},$(basename "$(dirname "$f")")"; done) >> "$manifest"
one=(env DOTNET_PROCESSOR_COUNT=1 $aug featurize --images "$manifest" --featurizer resnet18 --device cpu --onnx-threads 1)
rm -rf "$work/c1" "$work/c2"
$aug featurize --images "$manifest" --featurizer resnet18 --device cpu --cache "$work/warm" --shard 0/50 > /dev/null 2>&1 # model restore, page cache
timed "featurize-1-shard" "${one[@]}" --cache "$work/c1" --shard 0/1
start=$(date +%s.%N); l0=$(load)
/usr/bin/time -f "%e %U %S" -o "$work/t0.txt" "${one[@]}" --cache "$work/c2" --shard 0/2 > "$work/s0.log" 2>&1 &
p0=$!
/usr/bin/time -f "%e %U %S" -o "$work/t1.txt" "${one[@]}" --cache "$work/c2" --shard 1/2 > "$work/s1.log" 2>&1 &
p1=$!
wait $p0 $p1
wall2=$(echo "$(date +%s.%N) - $start" | awk '{print $1 - $3}')
cpu2=$(cat "$work/t0.txt" "$work/t1.txt" | awk '{c += $2 + $3} END {printf "%.1f", c}')
echo "featurize-2-shards: wall ${wall2}s cpu ${cpu2}s (load before: $l0, after: $(load))"
grep -h "featurize shard" "$work/featurize-1-shard.log" "$work/s0.log" "$work/s1.log"

[[ "${SKIP_SIM:-0}" == 1 ]] && exit 0

# 2. Simulated 64-shard run on the sample images.
images="$root/samples/ImageProject/data"
out="$work/sim"; cache="$work/sim-cache"
rm -rf "$out" "$cache"
settings=(--featurizer pixels:8 --device cpu)
export aug images out cache
run_shards() { # verb, then the shard's extra options: 64 processes, 2 at a time
  local verb=$1; shift
  seq 0 63 | xargs -P 2 -I{} sh -c "$aug $verb --shard {}/64 $* > /dev/null 2>&1"
}
timed "sim-featurize-64" bash -c "$(declare -f run_shards); run_shards featurize --images '$images' --cache '$cache' ${settings[*]}"
timed "sim-score" $aug score --images "$images" --cache "$cache" --out "$out" "${settings[@]}"
grep -hE "featurize 300 images|^AugBuild: fit" "$work/sim-score.log"
timed "sim-select" $aug select --scores "$out/scores.parquet" --out "$out" --budget 10%
timed "sim-materialize-64" bash -c "$(declare -f run_shards); run_shards materialize --images '$images' --selection '$out/selection.parquet' --out '$out' --shard-size 64KB"
ls "$out/.augbuild/parts" | wc -l | xargs echo "parts:"
timed "sim-gather" $aug gather --out "$out"
grep -h "gather:" "$work/sim-gather.log"
timed "single-run" $aug run --images "$images" --out "$work/single" --cache "$work/single-cache" "${settings[@]}" --budget 10% --shard-size 64KB
for f in "$work/single/dataset"/*; do cmp "$f" "$out/dataset/$(basename "$f")"; done && echo "sim: the 64-shard dataset equals the single run's byte for byte"
