#!/usr/bin/env bash
# Benchmarks TransferPipeline's streaming operations against standard tools on the same data, in the
# same run, and prints throughputs, ratios and peak resident memory.
#   bench/run.sh            full run: 4 GiB blob, 2 GiB of 1-256 MiB blobs, 50,000 files of 1-64 KiB
#   bench/run.sh --quick    about a minute: 512 MiB, 512 MiB, 5,000 files
# Data is generated under $BENCH_DIR (default /tmp/tp-bench) and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true
work=${BENCH_DIR:-/tmp/tp-bench}
if $quick; then big=512MiB; mixed=512MiB; small=5000; else big=4GiB; mixed=2GiB; small=50000; fi

for tool in sha256sum openssl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing (apt-get install coreutils openssl time)" >&2; exit 1; }
done

dotnet build bench/TransferPipeline.Bench -c Release --nologo -v quiet >/dev/null
dotnet build src/HighSide -c Release --nologo -v quiet >/dev/null
bench="dotnet bench/TransferPipeline.Bench/bin/Release/net10.0/tp-bench.dll"
highside="dotnet src/HighSide/bin/Release/net10.0/highside.dll"

rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# measure NAME BYTES CMD...: prints "seconds peak_kib" for one run of CMD (page cache warm).
measure() {
  local out="$work/time.txt"
  /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>"$work/stderr.txt" || { echo "bench: '$*' failed:" >&2; cat "$work/stderr.txt" >&2; exit 1; }
  cat "$out"
}

rows=()
row() { # shape operation bytes seconds kib baseline_seconds
  local mbps ratio
  mbps=$(awk -v b="$3" -v s="$4" 'BEGIN { printf "%.0f", (s > 0 ? b / s / 1048576 : 0) }')
  ratio=$(awk -v s="$4" -v base="$6" 'BEGIN { if (base == "") print "-"; else printf "%.2fx", base / s }')
  rows+=("$(printf '%-7s %-34s %9s %8.2f %9s %9s %10s' "$1" "$2" "$(numfmt --to=iec "$3")" "$4" "$mbps" "$ratio" "$(numfmt --to=iec --from-unit=1024 "$5")")")
}

bench_shape() { # shape size
  local shape=$1 size=$2 dir="$work/$1"
  echo "bench: generating the $shape data set ($size)..." >&2
  local volume
  if [ "$shape" = small ]; then volume=$($bench make-volume --shape small --files "$size" --out "$dir"); else volume=$($bench make-volume --shape "$shape" --size "$size" --out "$dir"); fi
  local bytes
  bytes=$(cd "$volume" && cut -c67- SHA256SUMS | xargs -d '\n' stat -c %s | awk '{ s += $1 } END { print s }')
  (cd "$volume" && cat $(cut -c67- SHA256SUMS | head -n 200) >/dev/null; sha256sum -c --quiet SHA256SUMS)  # warm the cache

  read -r s_sum k_sum < <(cd "$volume" && measure sha256sum -c --quiet SHA256SUMS)
  read -r s_ssl k_ssl < <(cd "$volume" && measure sh -c "cut -c67- SHA256SUMS | xargs -d '\n' openssl dgst -sha256")
  read -r s_ver k_ver < <(measure $highside verify "$volume" --trust "$dir/bench.pub")
  row "$shape" "sha256sum -c SHA256SUMS" "$bytes" "$s_sum" "$k_sum" ""
  row "$shape" "openssl dgst -sha256 (one process)" "$bytes" "$s_ssl" "$k_ssl" ""
  row "$shape" "highside verify  vs sha256sum" "$bytes" "$s_ver" "$k_ver" "$s_sum"
  row "$shape" "highside verify  vs openssl" "$bytes" "$s_ver" "$k_ver" "$s_ssl"
  rm -rf "$dir"
}

bench_shape big "$big"
bench_shape mixed "$mixed"
bench_shape small "$small"

echo
echo "TransferPipeline benchmark ($($quick && echo quick || echo full)), $(nproc) cores, page cache warm"
printf '%-7s %-34s %9s %8s %9s %9s %10s\n' shape operation bytes seconds MiB/s ratio peak-RSS
printf '%s\n' "${rows[@]}"
