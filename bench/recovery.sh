#!/usr/bin/env bash
# Benchmarks PAR2 recovery data (issue 19): what 5% recovery data costs a cut (seconds and bytes), and what a
# repair costs an import, in the same run on the same data.
#
#   bench/recovery.sh            a 1 GiB volume of 1-256 MiB blobs (the "mixed" shape of bench/run.sh)
#   bench/recovery.sh --quick    the same steps on 128 MiB: under a minute
#   bench/recovery.sh --size 4GiB --percent 10 --shape small --files 5000    other data and redundancy
#
# Steps:
#   1. cut    the same blobs written twice by the real batch writer (tp-bench make-volume: BatchWriter, as
#             `lowside batch cut` runs it), once with Batches:Recovery 0 and once with PERCENT; the writer's
#             own seconds (blobs are put into the content store first, untimed) and the bytes of recovery/.
#   2. import highside import of the intact volume into a fresh high side, then of a damaged copy into
#             another: 8 blobs each get a zeroed range (together about 40% of what the recovery data can
#             rebuild), so the import repairs the quarantine copy with par2 (verify, repair), verifies it
#             again in full and accepts it. The difference is the repair's cost; the volume.repaired audit
#             entry gives the blocks.
# Each step runs once (a repeat needs fresh state); the page cache is warm for both imports. Other work on
# the machine shows up as noise: the load average is printed with the results. Requires: dotnet, par2,
# python3, /usr/bin/time. Data goes under $BENCH_DIR (default /tmp/tp-bench-recovery), removed unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

size=1GiB percent=5 shape=mixed files=5000
while [ $# -gt 0 ]; do
  case $1 in
    --quick) size=128MiB ;;
    --size) size=$2; shift ;;
    --percent) percent=$2; shift ;;
    --shape) shape=$2; shift ;;
    --files) files=$2; shift ;;
    *) echo "usage: bench/recovery.sh [--quick] [--size SIZE] [--percent N] [--shape big|mixed|small] [--files N]" >&2; exit 2 ;;
  esac
  shift
done
work=${BENCH_DIR:-/tmp/tp-bench-recovery}

. bench/lib.sh
bench_start par2 python3

# cut_volume PERCENT: writes the volume under $work/cut-PERCENT; prints the writer's own seconds.
cut_volume() {
  $bench make-volume --shape "$shape" --size "$size" --files "$files" --out "$work/cut-$1" --recovery "$1" \
    >"$work/cut-$1.out" 2>"$work/cut-$1.err" || { cat "$work/cut-$1.err" >&2; exit 1; }
  sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$work/cut-$1.err"
}

echo "bench: cutting without and with $percent% recovery data..." >&2
s_plain=$(cut_volume 0)
s_recovery=$(cut_volume "$percent")
volume=$(cat "$work/cut-$percent.out")
payload=$(find "$volume" -type f ! -path '*/recovery/*' -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }')
recovery=$(find "$volume/recovery" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }')

# A damaged copy: 8 of the largest blobs each get a zeroed range, together 2% of the payload (5% buys that twice over).
damaged="$work/damaged/$(basename "$volume")"
mkdir -p "$work/damaged" && cp -r "$volume" "$damaged"
range=$((payload / 50 / 8))
find "$damaged" -type f \( -path '*/blobs/*' -o -path '*/chunks/*' \) -printf '%s %p\n' | sort -rn | sed -n 1,8p >"$work/targets"
while read -r bytes path; do
  length=$((range < bytes ? range : bytes))
  python3 - "$path" "$((bytes / 3))" "$length" <<'PY'
import sys
path, offset, length = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "r+b") as f:
    f.seek(min(offset, max(0, f.seek(0, 2) - length)))
    f.write(bytes(length))
PY
done <"$work/targets"
find "$volume" "$damaged" -type f -exec cat {} + >/dev/null

# import_into NAME VOLUME: a fresh high side NAME imports VOLUME; prints "seconds peak_kib".
import_into() {
  local data="$work/$1"
  side_wrapper "$work/highside-$1" highside "$data"
  "$work/highside-$1" init --site bench-high --registry http://127.0.0.1:1 --files "$data/files" --charts "$data/charts" --no-password >/dev/null
  "$work/highside-$1" trust add --site bench --key "$work/cut-$percent/bench.pub" >/dev/null
  sync -f "$work"
  measure "$work/highside-$1" import "$2"
}

echo "bench: importing the intact volume, then the damaged one..." >&2
read -r s_intact k_intact < <(import_into high-intact "$volume")
read -r s_repair k_repair < <(import_into high-repair "$damaged")
"$work/highside-high-repair" audit export "$work/audit.jsonl" >/dev/null
read -r files_repaired blocks_missing recovery_blocks < <(audit_values "$work/audit.jsonl" volume.repaired \
  filesRepaired blocksMissing recoveryBlocksAvailable)

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
echo
echo "PAR2 recovery data: $shape shape, $(mib "$payload") payload, $percent% ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-48s %10s %12s\n' "step" "seconds" "bytes"
printf '%-48s %10.2f %12s\n' "cut, no recovery data" "$s_plain" "$(mib "$payload")"
printf '%-48s %10.2f %12s\n' "cut, $percent% recovery data" "$s_recovery" "+$(mib "$recovery")"
printf '%-48s %10s %12s\n' "  recovery data: time, bytes" \
  "$(awk -v a="$s_recovery" -v b="$s_plain" 'BEGIN { printf "+%.0f%%", (a / b - 1) * 100 }')" \
  "$(awk -v r="$recovery" -v p="$payload" 'BEGIN { printf "%.2f%%", r / p * 100 }')"
printf '%-48s %10.2f %12s\n' "highside import, intact volume" "$s_intact" "$((k_intact / 1024)) MiB RSS"
printf '%-48s %10.2f %12s\n' "highside import, damaged volume (repaired)" "$s_repair" "$((k_repair / 1024)) MiB RSS"
echo "  repair: $files_repaired file(s) rewritten, $blocks_missing block(s) rebuilt, $recovery_blocks recovery blocks on the volume"
