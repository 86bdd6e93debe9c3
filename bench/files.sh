#!/usr/bin/env bash
# Memory against the number of files: one batch of N tiny files (256 B - 4 KiB, as the layers of images of 1,000
# layers each) goes through the real flow, and each step's peak resident memory is recorded (/usr/bin/time %M,
# the kernel's VmHWM) with its wall and CPU seconds. Issue 18 asks for the same peak (within 10%) at 20,000 and
# 200,000 files, under 150 MiB each.
#
#   bench/files.sh                      20,000 and 200,000 files, written and verified by the batch writer alone (see below)
#   bench/files.sh --files 2000,20000   other counts
#   bench/files.sh --flow               the real flow instead: gather, cut and publish too (slow: at a load of 8 on
#                                       2 cores, 2,000 files took 20 s to gather and 97 s to publish to a local registry)
#   bench/files.sh --artifacts 2000     the files spread over this many artifacts at every count (default: one artifact per
#                                       100 files, so 200 artifacts at 20,000 files and 2,000 at 200,000), which holds
#                                       the publish plan and the approvals at one size while only the files vary. The
#                                       high side refuses at import a plan a statement cannot hold (publish-plan-too-large):
#                                       with the mirror path under the default BENCH_DIR, about 7,900 artifacts at most
#   bench/files.sh --tier-up-early      every step's process counts calls for the JIT's tier-up from its start
#                                       (DOTNET_TC_CallCountingDelayMs=0), so a step of 1 s tiers up its hot methods as
#                                       one of 8 s does; by default a short step ends before the JIT compiles them again,
#                                       and the longer step's peak carries about 2,800 methods' optimised code the
#                                       shorter one never made (docs/performance.md, "Fifteenth step"). It slows the
#                                       steps that compile much, so read peaks from it, not times
#
# Steps (set-up and approvals are not timed):
#   cut      (default) tp-bench make-volume --verify: the cut without its database, in the helper's process: BatchWriter,
#            then the verification of the volume against the hashes read back while writing, as `lowside batch cut` does
#            (until 2026-12-04 this row was "write", the writer alone; until 2026-12-05 the helper also held the list of
#            every blob it generated, 11 MiB of the peak at 200,000 files)
#   gather   (--flow) lowside gather from a local registry seeded on disk
#   cut      (--flow) lowside batch cut (Batches:Recovery=0, one volume, Batches:MaxBlobsPerBatch raised)
#   verify   highside verify of the volume
#   import   highside import of the volume
#   publish  highside publish after the two approvals: (default) the volume's file artifacts (one per 100 files unless
#            --artifacts; an artifact's other blobs are its parts) to the file mirror, (--flow) the images to a fresh
#            local registry
# A manifest takes about 500-600 bytes per tiny file, so VOL-5's 256 MiB holds about 450,000 of them (before format
# revision 2026-12b it was 64 MiB, about 110,000).
# Requires: dotnet, docker-registry, /usr/bin/time. Data goes under $BENCH_DIR (default /tmp/tp-bench-files).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

counts="20000 200000"
flow=false
artifacts=0
tier_up_early=false
while [ $# -gt 0 ]; do
  case $1 in
    --files) counts=${2//,/ }; shift ;;
    --flow) flow=true ;;
    --artifacts) artifacts=$2; shift ;;
    --tier-up-early) tier_up_early=true ;;
    *) echo "usage: bench/files.sh [--files N,N] [--flow] [--artifacts N] [--tier-up-early]" >&2; exit 2 ;;
  esac
  shift
done
work=${BENCH_DIR:-/tmp/tp-bench-files}

. bench/lib.sh
bench_start docker-registry

# measure_cpu CMD...: prints "seconds peak_kib cpu_seconds" for one run of CMD.
measure_cpu() {
  local out="$work/time.txt"
  /usr/bin/time -f "%e %M %U %S" -o "$out" "$@" >/dev/null 2>"$work/stderr.txt" \
    || { echo "bench: '$*' failed:" >&2; tail -n 20 "$work/stderr.txt" >&2; exit 1; }
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out"
}

rows=()
row() { # files step seconds kib cpu
  rows+=("$(printf '%8s %-8s %8.2f %8.2f %9.1f' "$1" "$2" "$3" "$5" "$(awk -v k="$4" 'BEGIN { print k / 1024 }')")")
}

side_wrapper "$work/lowside" lowside "$work/run/low"
side_wrapper "$work/highside" highside "$work/run/high"
lowside="$work/lowside"; highside="$work/highside"

# bench_volume COUNT: the batch writer and its verification, then the high side's verify and import.
bench_volume() {
  local n=$1 dir="$work/run" s k c volume
  rm -rf "$dir"; mkdir -p "$dir"
  echo "bench: $n files: cut (write and verify)..." >&2
  read -r s k c < <(measure_cpu $bench make-volume --shape tiny --files "$n" --artifacts "$artifacts" --out "$dir" --verify)
  row "$n" cut "$s" "$k" "$c"
  rm -rf "$dir/store"
  volume=$(ls -d "$dir"/media/*-v*)
  echo "bench: $n files: manifest.json is $(stat -c %s "$volume/manifest.json") bytes" >&2
  echo "bench: $n files: verify..." >&2
  read -r s k c < <(measure_cpu "$highside" verify "$volume" --trust "$dir/bench.pub"); row "$n" verify "$s" "$k" "$c"
  $highside init --site bench-high --registry http://127.0.0.1:1 --files "$dir/mirror-files" --charts "$dir/mirror-charts" \
    --no-password >/dev/null
  $highside trust add --site bench --key "$dir/bench.pub" >/dev/null
  echo "bench: $n files: import..." >&2
  read -r s k c < <(measure_cpu "$highside" import "$volume"); row "$n" import "$s" "$k" "$c"
  approve_both "$dir" "$(basename "$volume" | sed 's/-v[0-9]*$//')"
  echo "bench: $n files: publish..." >&2
  read -r s k c < <(measure_cpu "$highside" publish "$batch"); row "$n" publish "$s" "$k" "$c"
  rm -rf "$dir"
}

# approve_both DIR BATCH: two officers founded, then both approve BATCH (not timed); sets batch.
approve_both() {
  local dir=$1 officer proposal
  batch=$2
  for officer in alice bob; do $highside officer keygen --out "$dir/$officer" --no-password >/dev/null; done
  proposal=$($highside officer found "alice=$dir/alice.pub" "bob=$dir/bob.pub" | awk 'NR==1 {print $2}')
  for officer in alice bob; do $highside officer sign-proposal "$proposal" --key "$dir/$officer.key" >/dev/null; done
  for officer in alice bob; do $highside approve "$batch" --officer "$officer" --key "$dir/$officer.key" >/dev/null; done
}

# bench_flow COUNT: the real flow from a registry to a registry.
bench_flow() {
  local n=$1 dir="$work/run" s k c
  rm -rf "$dir"; mkdir -p "$dir"
  echo "bench: $n files: generating an OCI layout..." >&2
  $bench make-layout --shape tiny --files "$n" --out "$dir/layout" --seed-registry "$dir/source/data" --repository bench/files >"$dir/tags"
  local sport mport
  sport=$(free_port 15100); start_registry "$dir/source" "$sport"
  mport=$(free_port 15400); start_registry "$dir/mirror" "$mport"
  local src=127.0.0.1:$sport mirror=127.0.0.1:$mport
  export LOWSIDE__Sources__Allowed__0=$src LOWSIDE__Sources__Registries__0__Host=$src LOWSIDE__Sources__Registries__0__PlainHttp=true
  export LOWSIDE__Batches__MaxBlobsPerBatch=500000 LOWSIDE__Batches__Recovery=0
  $lowside init --site bench --no-password >/dev/null
  while read -r tag; do
    $lowside request add image "$src/bench/files:$tag" --justification benchmark >/dev/null
  done <"$dir/tags"

  echo "bench: $n files: gather..." >&2
  read -r s k c < <(measure_cpu "$lowside" gather); row "$n" gather "$s" "$k" "$c"
  echo "bench: $n files: cut..." >&2
  read -r s k c < <(measure_cpu "$lowside" batch cut --media "$dir/media" --volume-size 1TiB); row "$n" cut "$s" "$k" "$c"
  local volume
  volume=$(ls -d "$dir"/media/*-v*)
  [ "$(echo "$volume" | wc -l)" = 1 ] || { echo "bench: expected one volume, got: $volume" >&2; exit 1; }
  rm -rf "$dir/low/store" "$dir/source/data"
  echo "bench: $n files: verify..." >&2
  read -r s k c < <(measure_cpu "$highside" verify "$volume" --trust "$dir/low/keys/site.pub"); row "$n" verify "$s" "$k" "$c"
  export HIGHSIDE__Mirrors__Registry__PlainHttp=true
  $highside init --site bench-high --registry "http://$mirror" --files "$dir/mirror-files" --charts "$dir/mirror-charts" --no-password >/dev/null
  $highside trust add --site bench --key "$dir/low/keys/site.pub" >/dev/null
  echo "bench: $n files: import..." >&2
  read -r s k c < <(measure_cpu "$highside" import "$volume"); row "$n" import "$s" "$k" "$c"
  rm -rf "$dir/media"
  approve_both "$dir" "$(basename "$volume" | sed 's/-v[0-9]*$//')"
  echo "bench: $n files: publish..." >&2
  read -r s k c < <(measure_cpu "$highside" publish "$batch"); row "$n" publish "$s" "$k" "$c"
  stop_registries
  rm -rf "$dir"
}

settings=""
if $tier_up_early; then export DOTNET_TC_CallCountingDelayMs=0; settings="; tier-up counted from each start"; fi
if [ "$artifacts" != 0 ]; then
  $flow && { echo "bench: --artifacts applies to the generated volume, not to --flow" >&2; exit 2; }
  settings="$settings; $artifacts artifacts at every count"
fi
start=$(date +%s)
for n in $counts; do if $flow; then bench_flow "$n"; else bench_volume "$n"; fi; done
echo
echo "TransferPipeline files benchmark (files: $counts; 256 B-4 KiB each), $(nproc) cores, $(($(date +%s) - start)) s," \
  "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load:$(uptime | sed 's/.*load average://')$settings"
printf '%8s %-8s %8s %8s %9s\n' files step seconds cpu-s peak-MiB
printf '%s\n' "${rows[@]}"
