#!/usr/bin/env bash
# Measures how long short commands take from exec to exit, on the executables as the packages ship them (self-contained,
# ReadyToRun: scripts/publish.sh), and prints the median wall and CPU (user+sys) time of N runs each (default 11):
#
#   highside verify of a 10 MiB volume   vs  sha256sum -c SHA256SUMS on the same volume (page cache warm)
#   lowside request list (5 requests), as installed (the Native AOT front) and by the full executable
#   lowside --version, highside --version (parse the command line and exit; the low side's through its front)
#   hello world, self-contained ReadyToRun   the runtime's own start on this machine: the floor of any command
#
#   bench/start.sh [--runs N] [--published DIR]
#       --published DIR   reuse DIR/lowside and DIR/highside from an earlier run instead of publishing (a publish of
#                         both sides takes 3-8 minutes on 2 cores); the hello world is published there too
# Other work on the machine shows up in the wall times: compare the CPU times, and the ratio measured in the same run.
# Requires: dotnet, python3, sha256sum. Data goes under $BENCH_DIR (default /tmp/tp-bench-start), removed unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

runs=11
published=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift ;;
    --published) published=$2; shift ;;
    *) echo "usage: bench/start.sh [--runs N] [--published DIR]" >&2; exit 2 ;;
  esac
  shift
done
work=${BENCH_DIR:-/tmp/tp-bench-start}

. bench/lib.sh
bench_start sha256sum python3
out=${published:-$work/published}
mkdir -p "$out"

if [ -z "$published" ] || [ ! -x "$out/highside/highside" ] || [ ! -x "$out/lowside/front/lowside" ]; then
  echo "bench: publishing both sides (self-contained, ReadyToRun)..." >&2
  scripts/publish.sh src/LowSide/TransferPipeline.LowSide.csproj "$out/lowside"
  scripts/publish.sh src/HighSide/TransferPipeline.HighSide.csproj "$out/highside"
fi
if [ ! -x "$out/hello/out/hello" ]; then
  echo "bench: publishing a hello world the same way..." >&2
  mkdir -p "$out/hello"
  cat >"$out/hello/hello.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <!-- As the product: ICU globalization, self-contained, ReadyToRun. -->
    <InvariantGlobalization>false</InvariantGlobalization>
  </PropertyGroup>
</Project>
EOF
  echo 'System.Console.WriteLine("hello");' >"$out/hello/Program.cs"
  dotnet publish "$out/hello/hello.csproj" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
    -o "$out/hello/out" --nologo -v quiet >/dev/null
fi
# `lowside` as installed is the Native AOT front, which execs the full executable for every other command.
lowside="$out/lowside/front/lowside"; lowside_full="$out/lowside/lowside"; highside="$out/highside/highside"

echo "bench: a 10 MiB volume and a low side with 5 requests..." >&2
$bench make-volume --shape mixed --size 10MiB --out "$work/volume" >"$work/volume-dir" 2>/dev/null
volume=$(cat "$work/volume-dir")
export LOWSIDE_DATA=$work/low LOWSIDE__Sources__Allowed__0=https://files.example.org/
$lowside init --site bench --no-password >/dev/null
for i in 1 2 3 4 5; do
  $lowside request add file "https://files.example.org/tool-$i.tar.gz" --justification benchmark >/dev/null
done
(cd "$volume" && sha256sum -c --quiet SHA256SUMS)  # warms the page cache

# time_runs NAME CMD...: N runs; prints the name, median wall and median CPU in milliseconds (exits if CMD fails).
time_runs() {
  python3 - "$runs" "$@" <<'EOF'
import os, resource, statistics, subprocess, sys, time
runs, name, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
walls, cpus = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    walls.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed: {result.stderr.decode()[-2000:]}")
print(f"{name}\t{statistics.median(walls) * 1000:.0f}\t{statistics.median(cpus) * 1000:.0f}")
EOF
}

echo "bench: $runs runs of each..." >&2
load=$(cut -d' ' -f1-3 /proc/loadavg)
results=$(
  time_runs "hello world (self-contained R2R)" "$out/hello/out/hello"
  time_runs "lowside --version" "$lowside" --version
  time_runs "highside --version" "$highside" --version
  time_runs "lowside request list" "$lowside" request list
  time_runs "lowside request list (the full executable)" "$lowside_full" request list
  time_runs "sha256sum -c SHA256SUMS (10 MiB)" sh -c "cd '$volume' && exec sha256sum -c --quiet SHA256SUMS"
  time_runs "highside verify (10 MiB)" "$highside" verify "$volume" --trust "$work/volume/bench.pub"
)
echo
echo "start-up, median of $runs runs (load average $load, $(nproc) cores)"
printf '%-36s %8s %8s %9s\n' "command" "wall ms" "cpu ms" "vs sha256"
sums_wall=$(awk -F'\t' '/^sha256sum/ { print $2 }' <<<"$results")
while IFS=$'\t' read -r name wall cpu; do
  ratio=""
  [[ $name == "highside verify"* ]] && ratio=$(awk -v s="$sums_wall" -v w="$wall" 'BEGIN { printf "%.2fx", (w > 0 ? s / w : 0) }')
  printf '%-36s %8s %8s %9s\n' "$name" "$wall" "$cpu" "$ratio"
done <<<"$results"
