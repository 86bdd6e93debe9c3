# Shell helpers shared by bench/run.sh and bench/scan.sh (sourced, not run). They use the caller's
# $work (the benchmark's data directory) and keep the registries they start in the array pids.
pids=()

# bench_start TOOL...: checks that dotnet, /usr/bin/time and the TOOLs are there, builds the benchmark helper
# and both sides (Release; the helper is $bench), and makes an empty $work that is removed on exit (KEEP=1 keeps it).
bench_start() {
  for tool in dotnet /usr/bin/time "$@"; do
    command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing (see scripts/setup.sh)" >&2; exit 1; }
  done
  echo "bench: building (Release)..." >&2
  for project in bench/TransferPipeline.Bench src/LowSide src/HighSide; do
    dotnet build "$project" -c Release --nologo -v quiet >/dev/null
  done
  bench="dotnet $repo/bench/TransferPipeline.Bench/bin/Release/net10.0/tp-bench.dll"
  rm -rf "$work"; mkdir -p "$work"
  trap cleanup EXIT
}

cleanup() { stop_registries; if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi; }

stop_registries() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

free_port() {
  local port
  for port in $(seq "$1" $(($1 + 200))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "bench: no free port near $1" >&2; exit 1
}

start_registry() { # dir port
  mkdir -p "$1"
  cat >"$1/config.yml" <<EOF
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $1/data } }
http: { addr: 127.0.0.1:$2 }
EOF
  docker-registry serve "$1/config.yml" >"$1/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return
    sleep 0.1
  done
  echo "bench: the registry in $1 did not start" >&2; exit 1
}

# measure CMD...: prints "seconds peak_kib" for one run of CMD.
measure() {
  local out="$work/time.txt"
  /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>"$work/stderr.txt" || { echo "bench: '$*' failed:" >&2; tail -n 20 "$work/stderr.txt" >&2; exit 1; }
  cat "$out"
}

# median3 CMD...: median seconds of three runs and the largest peak.
median3() {
  local runs=() kib=0 s k
  for _ in 1 2 3; do
    read -r s k < <(measure "$@")
    runs+=("$s"); [ "$k" -gt "$kib" ] && kib=$k
  done
  echo "$(printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p) $kib"
}
