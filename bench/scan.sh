#!/usr/bin/env bash
# Benchmarks the high side's malware scan (issue 14): what scanning adds to the import of a batch, and the
# scan's throughput next to clamscan alone on the same files, in the same run.
#
#   bench/scan.sh            a 2 GiB batch of 1-256 MiB layers (the "mixed" shape of bench/run.sh)
#   bench/scan.sh --quick    the same steps on 256 MiB: under two minutes
#   bench/scan.sh --size 1GiB --signatures 20000    other sizes, and generated signatures of each kind
#
# Steps:
#   1. A ClamAV database made here (nothing can be downloaded): like tests/Shared.Tests/Support/TestSignatures.cs,
#      a .hsb SHA-256 signature of a generated file and an .ndb body signature of the EICAR string, plus
#      generated .ndb body signatures (random 16-32 byte patterns, any offset) and .hsb hashes (random sizes),
#      so the matcher is not trivially empty. clamscan must find both test files before anything is timed.
#   2. The batch goes through the real flow, not timed: tp-bench make-layout, lowside gather from a local
#      registry, lowside batch cut.
#   3. Two fresh high sides import it (highside import of every volume), one with scanning off (no scanner
#      configured) and one with Scanning:ClamAv:Database in its highside.json: the CLI scans inline, before
#      the gate decides, so the difference is what scanning adds. The scan.completed audit entry gives the
#      scan's own seconds.
#   4. clamscan alone (same options as the product: --max-filesize/--max-scansize 2047M,
#      --alert-exceeds-max=yes) over the quarantine blobs the scan read, median of 3, page cache warm.
#      Ratio = clamscan seconds / the scan's seconds: above 1.00x the product's scan is faster.
# Each import runs once (a repeat needs a fresh high side). Other work on the machine shows up as noise:
# the load average is printed with the results. Requires: dotnet, docker-registry, clamscan, python3,
# /usr/bin/time. Data goes under $BENCH_DIR (default /tmp/tp-bench-scan), removed afterwards unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

quick=false size=2GiB signatures=4000
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=true; size=256MiB ;;
    --size) size=$2; shift ;;
    --signatures) signatures=$2; shift ;;
    *) echo "usage: bench/scan.sh [--quick] [--size SIZE] [--signatures N]" >&2; exit 2 ;;
  esac
  shift
done
work=${BENCH_DIR:-/tmp/tp-bench-scan}

. bench/lib.sh
bench_start docker-registry clamscan python3
start=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "bench: writing a ClamAV database ($signatures generated signatures of each kind)..." >&2
db="$work/clamav"
python3 - "$db" "$work" "$signatures" <<'EOF'
import hashlib, os, random, sys
db, work, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(db)
eicar = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
payload = random.Random(20261202).randbytes(64 * 1024)
open(os.path.join(work, "eicar.com"), "wb").write(eicar)
open(os.path.join(work, "payload.bin"), "wb").write(payload)
with open(os.path.join(db, "tp-test.hsb"), "w") as f:
    f.write(f"{hashlib.sha256(payload).hexdigest()}:{len(payload)}:Tp-Test-Payload\n")
with open(os.path.join(db, "tp-test.ndb"), "w") as f:
    f.write(f"Tp-Test-Eicar:0:*:{eicar.hex()}\n")
rng = random.Random(14)
with open(os.path.join(db, "bench-generated.ndb"), "w") as f:
    for i in range(count):
        f.write(f"Tp-Bench-Body-{i}:0:*:{rng.randbytes(rng.randint(16, 32)).hex()}\n")
with open(os.path.join(db, "bench-generated.hsb"), "w") as f:
    for i in range(count):
        f.write(f"{rng.randbytes(32).hex()}:{rng.randint(1024, 64 << 20)}:Tp-Bench-Hash-{i}\n")
EOF
check=$(clamscan --database="$db" "$work/eicar.com" "$work/payload.bin" 2>&1 || true)
grep -q "eicar.com: Tp-Test-Eicar.UNOFFICIAL FOUND" <<<"$check" && grep -q "payload.bin: Tp-Test-Payload.UNOFFICIAL FOUND" <<<"$check" \
  || { echo "bench: clamscan did not find the test files with the generated database:" >&2; echo "$check" >&2; exit 1; }
known=$(sed -n 's/^Known viruses: //p' <<<"$check")

echo "bench: mixed ($size): generating, gathering and cutting a batch (not timed)..." >&2
$bench make-layout --shape mixed --size "$size" --out "$work/layout" --seed-registry "$work/source/data" --repository bench/mixed >"$work/tags"
port=$(free_port 16100); start_registry "$work/source" "$port"
src=127.0.0.1:$port
export LOWSIDE__Sources__Allowed__0=$src LOWSIDE__Sources__Registries__0__Host=$src LOWSIDE__Sources__Registries__0__PlainHttp=true
lowside="dotnet $repo/src/LowSide/bin/Release/net10.0/lowside.dll --data $work/low"
$lowside init --site bench --no-password >/dev/null
while read -r tag; do
  $lowside request add image "$src/bench/mixed:$tag" --justification benchmark >/dev/null
done <"$work/tags"
for step in gather "batch cut --media $work/media --volume-size 1TiB"; do
  $lowside $step >/dev/null 2>"$work/low.log" || { echo "bench: lowside $step failed:" >&2; tail -n 20 "$work/low.log" >&2; exit 1; }
done
stop_registries
rm -rf "$work/layout" "$work/source" "$work/low/store"
volumes=("$work"/media/*-v*)
bytes=$(find "$work/media" -path '*/blobs/sha256/*' -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }')
find "$work/media" -type f -exec cat {} + >/dev/null  # the page cache is warm for both imports

# import_into NAME [DATABASE]: a fresh high side NAME imports every volume; prints "seconds peak_kib".
import_into() {
  local data="$work/$1"
  side_wrapper "$work/highside-$1" highside "$data"
  cat >"$work/import-$1" <<EOF
#!/bin/sh
for v in ${volumes[*]}; do "$work/highside-$1" import "\$v" || exit 1; done
EOF
  chmod +x "$work/import-$1"
  "$work/highside-$1" init --site bench-high --registry http://127.0.0.1:1 --files "$data/files" --charts "$data/charts" --no-password >/dev/null
  "$work/highside-$1" trust add --site bench --key "$work/low/keys/site.pub" >/dev/null
  if [ $# -gt 1 ]; then
    python3 - "$data/highside.json" "$2" <<'EOF'
import json, sys
path, database = sys.argv[1], sys.argv[2]
config = json.load(open(path))
config["Scanning"] = {"ClamAv": {"Database": database}}
json.dump(config, open(path, "w"), indent=2)
EOF
  fi
  sync -f "$work"  # the other high side's writes are on the disk before this one starts
  measure "$work/import-$1"
}

echo "bench: importing with scanning off, then on..." >&2
read -r s_off k_off < <(import_into high-off)
read -r s_on k_on < <(import_into high-on "$db")
"$work/highside-high-on" audit export "$work/audit.jsonl" >/dev/null
read -r s_scan files < <(audit_values "$work/audit.jsonl" scan.completed seconds files)
if grep -q '"scan.failed"' "$work/audit.jsonl"; then echo "bench: the scan failed (see $work/audit.jsonl)" >&2; exit 1; fi

echo "bench: clamscan alone over the same quarantine blobs (3 runs)..." >&2
mapfile -t blobs < <(find "$work"/high-on/quarantine/*/blobs -type f | sort)  # what the scan read (not volumes/)
scanned=$(cat "${blobs[@]}" | wc -c)
cat >"$work/clamscan-alone" <<EOF
#!/bin/sh
exec clamscan --no-summary --database="$db" --max-filesize=2047M --max-scansize=2047M --alert-exceeds-max=yes "\$@"
EOF
chmod +x "$work/clamscan-alone"
read -r s_clam k_clam < <(median3 "$work/clamscan-alone" "${blobs[@]}")

rows=()
row() { # operation bytes seconds kib baseline_seconds
  local mbps ratio kib="-"
  mbps=$(awk -v b="$2" -v s="$3" 'BEGIN { printf "%.0f", (s > 0 ? b / s / 1048576 : 0) }')
  ratio=$(awk -v s="$3" -v base="$5" 'BEGIN { if (base == "") print "-"; else printf "%.2fx", (s > 0 ? base / s : 0) }')
  [ -n "$4" ] && kib=$(numfmt --to=iec --from-unit=1024 "$4")
  rows+=("$(printf '%-48s %7s %8.2f %7s %7s %9s' "$1" "$(numfmt --to=iec "$2")" "$3" "$mbps" "$ratio" "$kib")")
}
row "highside import, scanning off" "$bytes" "$s_off" "$k_off" ""
row "highside import, scanning on (ClamAV)" "$bytes" "$s_on" "$k_on" ""
row "clamscan alone, same blobs (median of 3)" "$scanned" "$s_clam" "$k_clam" ""
row "highside scan (scan.completed) vs clamscan" "$scanned" "$s_scan" "" "$s_clam"

echo
echo "TransferPipeline scanning benchmark ($($quick && echo quick || echo full): mixed $size, $(nproc) cores, $(($(date +%s) - start)) s)"
echo "ClamAV $(clamscan --version | cut -d/ -f1 | sed 's/^ClamAV //'), $known signatures loaded" \
  "(2 test signatures + $signatures generated .ndb + $signatures generated .hsb); $files files scanned"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-48s %7s %8s %7s %7s %9s\n' operation bytes seconds MiB/s ratio peak-RSS
printf '%s\n' "${rows[@]}"
awk -v on="$s_on" -v off="$s_off" -v scan="$s_scan" 'BEGIN {
  printf "scanning adds %.2f s to the import (%+.0f%%); the scan itself took %.1f s (scan.completed)\n", on - off, (off > 0 ? (on - off) / off * 100 : 0), scan }'
