#!/usr/bin/env bash
# Runs the Slurm scripts of docs/scale-out.md for real: a one-node Slurm (munged, slurmctld, slurmd on localhost,
# in a temporary folder, on their own ports) runs featurize array -> score/select -> materialize array -> gather
# on the sample images, and the dataset must equal a single-process 'augbuild run' byte for byte.
# Usage: scripts/slurm-scale-test.sh <path to augbuild.dll>. Needs slurm-wlm and munge (Debian); run as root.
# The daemons are stopped by the PIDs they were started with, whatever happens.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dll="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
for tool in munged slurmctld slurmd sbatch scontrol; do
  command -v "$tool" > /dev/null || { echo "slurm-scale-test: '$tool' not found; install slurm-wlm and munge (apt-get install slurm-wlm munge)" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/augbuild-slurm-XXXXXX")"
chmod 700 "$work"
pidfiles=("$work/slurmd.pid" "$work/slurmctld.pid" "$work/munged.pid")
stop() {
  local status=$?
  for f in "${pidfiles[@]}"; do
    if [[ -s "$f" ]]; then
      pid="$(cat "$f")"
      kill -TERM "$pid" 2> /dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2> /dev/null || true
    fi
  done
  if [[ $status -ne 0 ]]; then
    echo "--- logs (failed with $status)" >&2
    tail -n 30 "$work"/*.log "$work"/jobs/*.log 2> /dev/null >&2 || true
  fi
  rm -rf "$work"
  exit $status
}
trap stop EXIT

# munge: a fresh key and socket of our own, so a system munged (if any) is left alone.
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge.key"
munged --force --socket="$work/munge.sock" --key-file="$work/munge.key" --pid-file="$work/munged.pid" \
  --log-file="$work/munged.log" --seed-file="$work/munged.seed"
for _ in $(seq 50); do [[ -S "$work/munge.sock" ]] && break; sleep 0.1; done

host="$(hostname -s)"
cpus="$(nproc)"
port=$((20000 + RANDOM % 20000))
mkdir -p "$work/state" "$work/spool" "$work/jobs"
cat > "$work/slurm.conf" <<CONF
ClusterName=augtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$work/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MinJobAge=600
NodeName=augnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=augnode Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N augnode
for _ in $(seq 100); do
  scontrol show node augnode 2> /dev/null | grep -qE "State=(IDLE|MIXED|ALLOCATED)" && break
  sleep 0.2
done
scontrol show node augnode | grep -E "State=" | head -n 1

# The scripts, exactly as the doc shows them (each fenced block after a '<!-- slurm: NAME -->' line).
awk -v dir="$work/jobs" '
  /^<!-- slurm: .* -->$/ { name = $3; next }
  name != "" && /^```/ { if (inblock) { inblock = 0; close(dir "/" name); name = "" } else { inblock = 1 }; next }
  inblock { print > (dir "/" name) }
' "$root/docs/scale-out.md"
ls "$work/jobs"

images="$root/samples/ImageProject/data"
settings=(--featurizer pixels:8 --budget 10% --transforms translate --shard-size 64KB)
dotnet "$dll" run --images "$images" --out "$work/single" --cache "$work/cache-single" "${settings[@]}" > "$work/single.log"

start=$(date +%s)
ids="$(cd "$work/jobs" && IMAGES="$images" OUT="$work/out" CACHE="$work/cache" SHARDS=4 AUG="dotnet $dll" \
  FEATURIZER=pixels:8 BUDGET=10% TRANSFORMS=translate SHARD_SIZE=64KB bash submit.sh)"
echo "$ids"
gather="${ids##*gather=}"
for _ in $(seq 600); do
  state="$(scontrol show job "$gather" 2> /dev/null | grep -oE 'JobState=[A-Z_]+' | head -n 1)"
  [[ "$state" =~ JobState=(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) ]] && break
  if scontrol show job 2> /dev/null | grep -q "Reason=DependencyNeverSatisfied"; then state="JobState=DEPENDENCY_NEVER_SATISFIED"; break; fi
  sleep 0.5
done
echo "gather: $state after $(( $(date +%s) - start )) s"
# Every task of every stage completed.
bad="$(scontrol show job 2> /dev/null | grep -oE 'JobState=[A-Z_]+' | grep -vc COMPLETED || true)"
[[ "$state" == "JobState=COMPLETED" && "$bad" == "0" ]] || { echo "slurm-scale-test: a job did not complete ($state; $bad not COMPLETED)" >&2; scontrol show job >&2; exit 1; }

grep -h "featurize 300 images: 0 computed, 300 cached" "$work/jobs"/aug-score-select-*.log
[[ "$(cat "$work/jobs"/aug-featurize-*.log | grep -c "featurize shard")" == 4 ]] || { echo "slurm-scale-test: not 4 featurize shards" >&2; exit 1; }
diff <(cd "$work/single/dataset" && ls) <(cd "$work/out/dataset" && ls)
for f in "$work/single/dataset"/*; do cmp "$f" "$work/out/dataset/$(basename "$f")"; done
cmp "$work/single/.augbuild/dataset-files.txt" "$work/out/.augbuild/dataset-files.txt"
echo "slurm-scale-test: IDENTICAL: $(ls "$work/out/dataset" | wc -l) files of the Slurm-run dataset equal the single run's ($(( $(date +%s) - start )) s of Slurm)"
