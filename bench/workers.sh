#!/usr/bin/env bash
# Benchmarks gathering on the low side with 1, 2 and 4 worker processes (issue 17): the same requests against the same
# local registry, one round per number of workers, in one run, and prints requests/s, MiB/s, the ratio to one worker,
# and where the CPU went (workers, registry, RabbitMQ, PostgreSQL) so that the limit can be read off.
#
#   bench/workers.sh                     80 images, about 1.5 GiB of distinct layers, SQLite
#   bench/workers.sh --quick             40 images, about 256 MiB
#   bench/workers.sh --postgres          the site's state in a private PostgreSQL instead of SQLite
#   bench/workers.sh --providers sqlite,postgres   both, one after the other, in the same run
#   bench/workers.sh --size 1GiB --images 120 --workers 1,2,3,4 --timeout 1800
#
# Steps:
#   1. tp-bench make-images writes an OCI layout of many images (each on one of four shared base layers, two in three with
#      one of eight shared runtime layers, plus one to five layers of their own from a few KiB to tens of MiB) and lays
#      them out in a docker-registry's storage, which then serves them on 127.0.0.1 (not timed).
#   2. A private RabbitMQ node (several worker processes need a shared bus) and, for PostgreSQL, a private server with
#      pg_stat_statements, both as the tests start them (tests/Shared.Tests/Support); each fails the run when it cannot start.
#   3. One site per provider: lowside init, then one `lowside request add image` per image through the real CLI (not
#      timed). The CLI wakes nobody: the workers' start-up re-queue picks the requests up.
#   4. Per number of workers N: a fresh copy of that site (data directory; for PostgreSQL a database made from the filed
#      one as template), a fresh RabbitMQ virtual host, N `lowside serve --role worker` processes started together, and
#      the clock runs from their start until every request is gathered (the requests table polled every 0.2 s). No api or
#      scheduler process: the workers' start-up re-queue and the bus are all gathering needs. Then every request must be
#      audited as gathered exactly once, or the run fails.
#   5. Baseline: the registry alone, every blob fetched with curl, four at a time (its ceiling on this machine).
# Filing costs a CLI start per image (4 s each at a load of 30 here); 60 images, 512 MiB and both providers
# took 20 minutes at a load of 25-55, results in docs/performance.md ("Several workers").
# Columns: seconds from the workers' start to the last request gathered, and the ratio to the first round; gather-s from the
# first claim on (without start-up) and its ratio; worker-s the workers' CPU seconds and start-s the part before the first
# claim; registry, rabbit, db-s the servers' CPU seconds over the round; cores all of it per wall second; load at the end.
# CPU seconds are user+system from /proc (workers read before they are stopped; registry, broker and database as the
# difference over the round, exited children included). Other work on the machine shows up as noise: the load average is
# printed with the results; compare ratios within one run. Requires: dotnet, docker-registry, rabbitmq-server, sqlite3,
# curl, /usr/bin/time, and postgresql (initdb, psql) for --postgres. Data under $BENCH_DIR (default /tmp/tp-bench-workers),
# removed afterwards unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

size=1536MiB images=80 counts="1 2 4" providers=sqlite timeout=1800 quick=false
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=true; size=256MiB; images=40 ;;
    --size) size=$2; shift ;;
    --images) images=$2; shift ;;
    --workers) counts=${2//,/ }; shift ;;
    --postgres) providers=postgres ;;
    --providers) providers=${2//,/ }; shift ;;
    --timeout) timeout=$2; shift ;;
    *) echo "usage: bench/workers.sh [--quick] [--size SIZE] [--images N] [--workers 1,2,4] [--postgres | --providers sqlite,postgres] [--timeout S]" >&2
       exit 2 ;;
  esac
  shift
done
for provider in $providers; do
  case $provider in sqlite | postgres) ;; *) echo "bench: unknown provider '$provider' (sqlite, postgres)" >&2; exit 2 ;; esac
done
work=${BENCH_DIR:-/tmp/tp-bench-workers}

. bench/lib.sh
needs=(docker-registry sqlite3 curl)
[[ " $providers " == *" postgres "* ]] && needs+=(psql)
bench_start "${needs[@]}"
workers=()
stop_workers() {
  for pid in "${workers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${workers[@]}"; do wait "$pid" 2>/dev/null || true; done
  workers=()
}
trap 'stop_workers; stop_servers; cleanup' EXIT
start=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
hz=$(getconf CLK_TCK)
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
cpu() { awk -v t="$1" -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }'; }

side_wrapper "$work/lowside" lowside
lowside="$work/lowside"

echo "bench: generating $images images ($size distinct) into a registry..." >&2
$bench make-images --size "$size" --images "$images" --out "$work/layout" --seed-registry "$work/source/data" --repository bench/workers \
  >"$work/tags" 2>"$work/make-images.txt" || { cat "$work/make-images.txt" >&2; exit 1; }
shape=$(sed 's/^make-images: //' "$work/make-images.txt")
bytes=$(find "$work/layout/blobs" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }')
requests=$(wc -l <"$work/tags")
sport=$(free_port 15100)
start_registry "$work/source" "$sport"
registry_pid=${pids[-1]}
src=127.0.0.1:$sport

echo "bench: starting a private RabbitMQ node..." >&2
start_rabbitmq "$work/rabbit"
pg_pid=""
if [[ " $providers " == *" postgres "* ]]; then
  echo "bench: starting a private PostgreSQL..." >&2
  start_postgres "$work/pg"
  pg postgres "CREATE EXTENSION pg_stat_statements" >/dev/null
fi

export LOWSIDE__Sources__Allowed__0=$src LOWSIDE__Sources__Registries__0__Host=$src LOWSIDE__Sources__Registries__0__PlainHttp=true
export LOWSIDE__Bus__Transport=RabbitMq LOWSIDE__Bus__Host=127.0.0.1 LOWSIDE__Bus__Port=$rabbit_port
export LOWSIDE__Bus__Username=$rabbit_user LOWSIDE__Bus__Password=$rabbit_password

pg_connection() { echo "Host=127.0.0.1;Port=$pg_port;Database=$1;Username=postgres"; }

# use_provider PROVIDER DATABASE: the environment of every lowside process that follows.
use_provider() {
  if [ "$1" = postgres ]; then
    export LOWSIDE__Database__Provider=PostgreSql LOWSIDE__Database__ConnectionString
    LOWSIDE__Database__ConnectionString=$(pg_connection "$2")
  else
    unset LOWSIDE__Database__Provider LOWSIDE__Database__ConnectionString
  fi
}

# query PROVIDER DIR DATABASE SQL: one row, fields separated by |.
query() {
  if [ "$1" = postgres ]; then pg "$3" "$4"; else sqlite3 -cmd '.timeout 5000' "$2/lowside.db" "$4"; fi
}

# file_requests PROVIDER: a site with one request per image, filed through the CLI; the rounds start from copies of it.
file_requests() {
  local provider=$1 dir="$work/filed-$1"
  [ "$provider" = postgres ] && pg postgres "CREATE DATABASE filed" >/dev/null
  use_provider "$provider" filed
  "$lowside" --data "$dir" init --site bench --no-password >/dev/null
  local t0
  t0=$(now)
  while read -r tag; do
    "$lowside" --data "$dir" request add image "$src/bench/workers:$tag" --justification benchmark >/dev/null \
      || { echo "bench: lowside request add image $src/bench/workers:$tag failed" >&2; exit 1; }
  done <"$work/tags"
  echo "bench: $provider: filed $requests requests through the CLI in $(seconds "$t0" "$(now)") s" >&2
}

rows=() dbrows=() base_seconds="" base_gather=""
# round PROVIDER N: N workers gather a fresh copy of the filed site; appends a row.
round() {
  local provider=$1 n=$2 dir="$work/round" database=""
  rm -rf "$dir"; cp -a "$work/filed-$provider" "$dir"
  if [ "$provider" = postgres ]; then
    database="round_$n"
    pg postgres "CREATE DATABASE $database TEMPLATE filed" >/dev/null
  fi
  use_provider "$provider" "$database"
  local vhost="$provider-$n"
  rabbitmqctl_bench add_vhost "$vhost"
  rabbitmqctl_bench set_permissions -p "$vhost" "$rabbit_user" '.*' '.*' '.*'
  export LOWSIDE__Bus__VirtualHost=$vhost

  echo "bench: $provider: $n worker(s) gathering $requests requests..." >&2
  local reg0 rab0 pg0=0 t0 t_first="" t_end elapsed row gathered started failed i st=0
  reg0=$(tree_ticks "$registry_pid"); rab0=$(tree_ticks "$rabbit_pid")
  [ -n "$pg_pid" ] && pg0=$(tree_ticks "$pg_pid")
  [ "$provider" = postgres ] && pg postgres "SELECT pg_stat_reset_shared('wal')" >/dev/null
  t0=$(now)
  for i in $(seq 1 "$n"); do
    "$lowside" --data "$dir" serve --role worker >"$work/worker-$provider-$n-$i.log" 2>&1 &
    workers+=($!)
  done
  while :; do
    row=$(query "$provider" "$dir" "$database" "SELECT SUM(CASE WHEN status = 'gathered' THEN 1 ELSE 0 END),
      SUM(CASE WHEN status <> 'submitted' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) FROM requests")
    IFS='|' read -r gathered started failed <<<"$row"
    if [ -z "$t_first" ] && [ "$started" -gt 0 ]; then t_first=$(now); st=$(cpu_ticks "${workers[@]}"); fi
    [ "$gathered" -eq "$requests" ] && break
    if [ "$failed" -gt 0 ]; then
      echo "bench: $failed request(s) failed:" >&2
      query "$provider" "$dir" "$database" "SELECT id, failure_code, failure FROM requests WHERE status = 'failed' LIMIT 5" >&2
      exit 1
    fi
    for i in "${!workers[@]}"; do
      kill -0 "${workers[$i]}" 2>/dev/null && continue
      echo "bench: worker $((i + 1)) of $n exited early:" >&2; tail -n 30 "$work/worker-$provider-$n-$((i + 1)).log" >&2; exit 1
    done
    elapsed=$(seconds "$t0" "$(now)")
    if awk -v e="$elapsed" -v t="$timeout" 'BEGIN { exit !(e > t) }'; then
      echo "bench: $gathered of $requests gathered after $timeout s; last lines of worker 1:" >&2
      tail -n 30 "$work/worker-$provider-$n-1.log" >&2; exit 1
    fi
    sleep 0.2
  done
  t_end=$(now)
  local wt rt qt pt=0 load
  wt=$(cpu_ticks "${workers[@]}")
  rt=$(($(tree_ticks "$registry_pid") - reg0)); qt=$(($(tree_ticks "$rabbit_pid") - rab0))
  [ -n "$pg_pid" ] && [ "$provider" = postgres ] && pt=$(($(tree_ticks "$pg_pid") - pg0))
  load=$(cut -d' ' -f1 /proc/loadavg)
  stop_workers

  IFS='|' read -r entries subjects <<<"$(query "$provider" "$dir" "$database" \
    "SELECT COUNT(*), COUNT(DISTINCT subject) FROM audit_entries WHERE action = 'request.gathered'")"
  if [ "$entries" -ne "$requests" ] || [ "$subjects" -ne "$requests" ]; then
    echo "bench: $entries request.gathered entries for $subjects requests; expected exactly one for each of $requests" >&2; exit 1
  fi

  local s gs
  s=$(seconds "$t0" "$t_end"); gs=$(seconds "$t_first" "$t_end")
  if [ "$n" = "$(echo "$counts" | awk '{ print $1 }')" ]; then base_seconds=$s; base_gather=$gs; fi
  rows+=("$(awk -v p="$provider" -v n="$n" -v s="$s" -v gs="$gs" -v r="$requests" -v b="$bytes" -v base="$base_seconds" \
    -v gbase="$base_gather" -v w="$wt" -v st="$st" -v rg="$rt" -v q="$qt" -v pg="$pt" -v hz="$hz" -v load="$load" 'BEGIN {
      printf "%-8s %7d %8.2f %6.2f %6.0f %6.2fx %8.2f %6.2fx %8.1f %7.1f %8.1f %7.1f %7.1f %6.2f %6s", p, n, s, r / s,
        b / s / 1048576, base / s, gs, gbase / gs, w / hz, st / hz, rg / hz, q / hz, pg / hz, (w + rg + q + pg) / hz / s, load }')")
  if [ "$provider" = postgres ]; then
    dbrows+=("$(pg postgres "SELECT '$n', SUM(calls) FILTER (WHERE query ILIKE '%pg_advisory_xact_lock%'),
        ROUND(SUM(total_exec_time) FILTER (WHERE query ILIKE '%pg_advisory_xact_lock%')::numeric / 1000, 2),
        ROUND(SUM(total_exec_time)::numeric / 1000, 2), SUM(calls),
        (SELECT wal_sync || '|' || ROUND((wal_sync_time / 1000)::numeric, 2) FROM pg_stat_wal)
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$database')")")
  fi
}

for provider in $providers; do
  file_requests "$provider"
  base_seconds=""
  for n in $counts; do round "$provider" "$n"; done
done

echo "bench: the registry alone: every blob with curl, 4 at a time..." >&2
find "$work/source/data/docker/registry/v2/repositories/bench/workers/_layers/sha256" -mindepth 1 -maxdepth 1 -printf 'sha256:%f\n' \
  >"$work/digests"
cat >"$work/fetch-all" <<EOF
#!/bin/sh
xargs -P 4 -I{} curl -sf -o /dev/null "http://$src/v2/bench/workers/blobs/{}" <"$work/digests"
EOF
chmod +x "$work/fetch-all"
"$work/fetch-all"  # warm, as the rounds were
reg0=$(tree_ticks "$registry_pid")
read -r s_curl _ < <(measure "$work/fetch-all")
reg_curl=$(cpu $(($(tree_ticks "$registry_pid") - reg0)))
layer_bytes=$(sed 's/^sha256://' "$work/digests" | (cd "$work/layout/blobs/sha256" && xargs stat -c %s) | awk '{ s += $1 } END { printf "%.0f\n", s }')

echo
echo "TransferPipeline gather with N workers ($($quick && echo quick || echo full): $shape), $(nproc) cores, $(($(date +%s) - start)) s"
echo "load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg); $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
printf '%-8s %7s %8s %6s %6s %7s %8s %7s %8s %7s %8s %7s %7s %6s %6s\n' provider workers seconds req/s MiB/s ratio gather-s \
  ratio worker-s start-s registry rabbit db-s cores load
printf '%s\n' "${rows[@]}"
awk -v s="$s_curl" -v b="$layer_bytes" -v cpu="$reg_curl" 'BEGIN {
  printf "registry alone: curl of every blob, 4 at a time: %.2f s, %.0f MiB/s, registry %s CPU s\n", s, b / s / 1048576, cpu }'
if [ ${#dbrows[@]} -gt 0 ]; then
  echo "postgres, from pg_stat_statements (server-side time of the workers' statements):"
  printf '%s\n' "${dbrows[@]}" | awk -F'|' '{
    printf "  %s workers: %s statements, %s s in them; %s writer locks taken, %s s waiting for them; %s WAL fsyncs, %s s\n",
      $1, $5, $4, $2, $3, $6, $7 }'
fi
