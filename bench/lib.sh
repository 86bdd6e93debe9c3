# Shell helpers shared by bench/run.sh, bench/scan.sh and bench/recovery.sh (sourced, not run). They use the caller's
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

# side_wrapper PATH SIDE [DATA]: an executable at PATH running the built SIDE (lowside|highside) on the data
# directory DATA (its default when none). Commands timed with /usr/bin/time need real executables, not shell functions.
side_wrapper() {
  local project=LowSide
  [ "$2" = highside ] && project=HighSide
  printf '#!/bin/sh\nexec dotnet "%s" %s"$@"\n' "$repo/src/$project/bin/Release/net10.0/$2.dll" "${3:+--data \"$3\" }" >"$1"
  chmod +x "$1"
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

# The servers below each run in a session of their own (setsid), so that stop_servers ends a server and every process it
# started (RabbitMQ's epmd and beam, PostgreSQL's backends) by its process group id, and nothing else.
servers=()
stop_servers() {
  for pid in "${servers[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  servers=()
}

# as_service USER CMD...: runs CMD as USER when the benchmark runs as root (RabbitMQ's and PostgreSQL's files are theirs,
# and initdb refuses root), else as the caller.
as_service() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# start_rabbitmq DIR: a private RabbitMQ node, as tests/Shared.Tests/Support/RabbitMqServer.cs starts one: its own
# directories and epmd, 127.0.0.1 on a free port, its own user. Sets rabbit_port, rabbit_user, rabbit_password and
# rabbit_env (the environment rabbitmqctl needs to reach it).
start_rabbitmq() {
  local dir=$1 script=/usr/lib/rabbitmq/bin/rabbitmq-server
  [ -x "$script" ] || { echo "bench: $script is missing: install Debian's rabbitmq-server (scripts/setup.sh)" >&2; exit 1; }
  mkdir -p "$dir/mnesia" "$dir/log" "$dir/home"
  rabbit_port=$(free_port 15900); rabbit_user=bench; rabbit_password=pw-$RANDOM$RANDOM
  local dist epmd
  dist=$(free_port 16200); epmd=$(free_port 16400)
  echo '[].' >"$dir/enabled_plugins"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$rabbit_port
loopback_users = none
default_user = $rabbit_user
default_pass = $rabbit_password
default_vhost = /
CONF
  [ "$(id -u)" = 0 ] && chown -R rabbitmq:rabbitmq "$dir"
  rabbit_env=(RABBITMQ_NODENAME="tpbench$RANDOM@localhost" RABBITMQ_NODE_PORT="$rabbit_port" RABBITMQ_DIST_PORT="$dist"
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log"
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$dir/rabbitmq" ERL_EPMD_PORT="$epmd" HOME="$dir/home")
  local as=""
  [ "$(id -u)" = 0 ] && as="runuser -u rabbitmq --"
  cat >"$dir/run" <<RUN
#!/bin/sh
$as env ${rabbit_env[*]} /usr/bin/epmd -port $epmd &
exec $as env ${rabbit_env[*]} $script
RUN
  chmod +x "$dir/run"
  setsid "$dir/run" >"$dir/out" 2>&1 &
  servers+=($!)
  rabbit_pid=$!
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$rabbit_port") 2>/dev/null && return
    kill -0 "$rabbit_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: RabbitMQ did not accept connections on 127.0.0.1:$rabbit_port within 60 s:" >&2; tail -n 30 "$dir/out" >&2; exit 1
}

# rabbitmqctl_bench ARGS...: rabbitmqctl against the node start_rabbitmq started; fails the benchmark when it fails.
rabbitmqctl_bench() {
  as_service rabbitmq env "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -q "$@" >/dev/null \
    || { echo "bench: rabbitmqctl $* failed" >&2; exit 1; }
}

# start_postgres DIR: a private PostgreSQL, as tests/Shared.Tests/Support/PostgreSqlServer.cs starts one (initdb and
# pg_ctl from Debian's postgresql, trust on 127.0.0.1, a free port), with pg_stat_statements loaded so that the
# benchmark can say how long statements (and the writer lock) took. Its data stays in DIR, on the same file system
# as the SQLite rounds' databases, with fsync on. Sets pg_port.
start_postgres() {
  local dir=$1 bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$bin/initdb" ] || { echo "bench: /usr/lib/postgresql/*/bin/initdb is missing: install postgresql (scripts/setup.sh)" >&2; exit 1; }
  command -v psql >/dev/null || { echo "bench: psql is missing: install postgresql-client (scripts/setup.sh)" >&2; exit 1; }
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  pg_port=$(free_port 16600)
  as_service postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { echo "bench: initdb failed:" >&2; tail -n 20 "$dir/initdb.log" >&2; exit 1; }
  local as=""
  [ "$(id -u)" = 0 ] && as="runuser -u postgres --"
  setsid $as "$bin/postgres" -D "$dir/data" -p "$pg_port" -k "$dir" -c listen_addresses=127.0.0.1 -c max_connections=300 \
    -c shared_buffers=64MB -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c track_wal_io_timing=on \
    >"$dir/log" 2>&1 &
  servers+=($!)
  pg_pid=$!
  for _ in $(seq 1 600); do
    psql -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1 && return
    kill -0 "$pg_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: PostgreSQL did not accept connections on 127.0.0.1:$pg_port within 60 s:" >&2; tail -n 30 "$dir/log" >&2; exit 1
}

# pg DATABASE SQL: runs SQL on the private server, prints unaligned rows; fails the benchmark when it fails.
pg() {
  psql -qAt -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -c "$2" || { echo "bench: psql '$2' failed" >&2; exit 1; }
}

# cpu_ticks PID...: user+system clock ticks of the processes, with their waited-for children (a server's exited backends).
cpu_ticks() {
  local total=0 pid stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    total=$((total + $(echo "$stat" | awk '{ print $12 + $13 + $14 + $15 }')))
  done
  echo "$total"
}

# tree_ticks PID: cpu_ticks of PID and every live process below it (PostgreSQL's backends each take a session of their own,
# so a process group would miss them).
tree_ticks() {
  # shellcheck disable=SC2046
  cpu_ticks $(ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END { for (p in parent) { q = p; while (q != "" && q != root && q in parent && q != parent[q]) q = parent[q]; if (q == root) print p } }')
}

# audit_values AUDIT_JSONL ACTION KEY...: the values of KEYs (found at any depth, in JSON text too) in the one entry of
# ACTION in an exported audit trail, on one line; fails unless there is exactly one such entry.
audit_values() {
  python3 - "$@" <<'EOF'
import json, sys
def find(node, key):
    if isinstance(node, str) and node.startswith("{"):
        node = json.loads(node)
    if isinstance(node, dict):
        if key in node:
            return node[key]
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            if (found := find(item, key)) is not None:
                return found
path, action, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
entries = [json.loads(line) for line in open(path) if f'"{action}"' in line]
if len(entries) != 1:
    sys.exit(f"bench: expected one {action} audit entry, found {len(entries)}")
print(*(find(entries[0], key) for key in keys))
EOF
}
