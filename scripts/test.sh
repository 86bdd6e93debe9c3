#!/usr/bin/env bash
# Builds the solution and runs every test project; ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

for tool in minisign skopeo umoci docker-registry sha256sum; do
  command -v "$tool" >/dev/null || { echo "test: '$tool' is missing: run scripts/setup.sh first" >&2; exit 1; }
done
[ -e /usr/lib/x86_64-linux-gnu/libsodium.so.23 ] || ldconfig -p | grep -q libsodium.so.23 || {
  echo "test: libsodium23 is missing: run scripts/setup.sh first" >&2; exit 1; }

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet build TransferPipeline.sln -c Release --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
# Both executables are published as the packages ship them (self-contained, ReadyToRun) while the format check and the
# first tests run. The tests run these (TP_PUBLISHED_DIR, read by ProductExecutable, which waits for the side's
# "<side>.complete" mark) and the packages are made of them: the tests run what ships, and each of the suite's thousand
# or so commands starts with about a quarter less CPU than the JIT-compiled build. The low side goes first; the lanes
# begin with work that needs no published high side (LowSide.Tests, the high side's in-process tests), which keeps both
# cores busy while it is published: 16 min 13 s for the suite against 20 min 14 s with lanes that waited for it.
# The high side's publish reuses the low side's ReadyToRun images of the assemblies both ship (Directory.Build.targets);
# the cache starts empty in every run, as on a clean clone.
published=$PWD/artifacts/published
export TP_READYTORUN_CACHE=$PWD/artifacts/readytorun-cache
rm -rf "$published" "$TP_READYTORUN_CACHE"
mkdir -p "$published"
publish_log=$results/publish.log
(scripts/publish.sh src/LowSide/TransferPipeline.LowSide.csproj "$published/lowside" &&
  touch "$published/lowside.complete" &&
  scripts/publish.sh src/HighSide/TransferPipeline.HighSide.csproj "$published/highside" &&
  touch "$published/highside.complete" || { touch "$published/.failed"; exit 1; }) >"$publish_log" 2>&1 &
publish_pid=$!
export TP_PUBLISHED_DIR=$published
# The build enforces .editorconfig's code style and analyzers (EnforceCodeStyleInBuild, warnings as errors); what it
# leaves to 'dotnet format' is whitespace, checked here from the files alone. The whole 'dotnet format' check loads every
# project again: about 3 CPU-minutes before the first test could start.
dotnet format whitespace --folder --verify-no-changes . || {
  echo "test: code is not formatted as .editorconfig says: run 'dotnet format TransferPipeline.sln'" >&2; echo "0 passed, 1 failed"; exit 1; }
# Roslyn does not enforce .editorconfig's max_line_length, so check it here (in characters, not bytes).
max_line=$(awk -F' *= *' '/^\[/ { cs = ($0 == "[*.cs]") } cs && $1 == "max_line_length" { print $2 }' .editorconfig)
[ -n "$max_line" ] || {
  echo "test: .editorconfig sets no max_line_length for *.cs" >&2; echo "0 passed, 1 failed"; exit 1; }
long_lines=$(git ls-files -z -- 'src/*.cs' 'tests/*.cs' 'bench/*.cs' 'tools/*.cs' |
  LC_ALL=C.UTF-8 xargs -0 -r grep -nHE "^.{$((max_line + 1)),}" | cut -d: -f1,2)
[ -z "$long_lines" ] || {
  echo "test: lines longer than max_line_length = $max_line (.editorconfig); wrap them:" $long_lines >&2; echo "0 passed, 1 failed"; exit 1; }

# Much of the tests' time is spent waiting on the processes they start (registries, daemons, PostgreSQL, RabbitMQ),
# so the projects run in three lanes side by side, balanced by their measured times; each lane's console goes to its
# own log, printed when the lane ends. The high side's tests are the longest project, so they run as three parts
# (PROJECT#PART, each part a test filter; the last is the exact complement of the others, so every test runs once).
# Shared.Tests starts no product, so it goes first in its lane: EndToEnd's tests have time limits (CancelAfter) that
# waiting for the publish must not eat.
highside_consoles="FullyQualifiedName~HighSide.Tests.Features.Accounts.|FullyQualifiedName~HighSide.Tests.Features.Approval."
highside_commands="FullyQualifiedName~HighSide.Tests.Features.CommandLineTests|FullyQualifiedName~HighSide.Tests.Insiders."
highside_inproc="FullyQualifiedName~HighSide.Tests.Kinds.|FullyQualifiedName~HighSide.Tests.Features.Publishing.|\
FullyQualifiedName~HighSide.Tests.Features.Scanning.|FullyQualifiedName~HighSide.Tests.Infrastructure.|FullyQualifiedName~HighSide.Tests.Pipeline."
declare -A part_filters=(
  [consoles]="$highside_consoles"
  [commands]="$highside_commands"
  [inproc]="$highside_inproc"
  [rest]="$(echo "$highside_consoles|$highside_commands|$highside_inproc" | sed 's/~/!~/g; s/|/\&/g')"
)
run_project() {
  local project=${1%%#*} part= name filter=()
  [[ $1 == *#* ]] && part=${1#*#}
  name=$(basename "$project" .csproj)${part:+-$part}
  [ -n "$part" ] && filter=(--filter "${part_filters[$part]}")
  dotnet test "$project" -c Release --no-build --nologo "${filter[@]}" \
    --results-directory "$results/$name" --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal"
}
run_lane() {
  local log=$1 project lane_status=0
  shift
  for project in "$@"; do
    run_project "$project" >>"$log" 2>&1 || lane_status=1
  done
  return $lane_status
}
lanes=(
  "tests/LowSide.Tests/TransferPipeline.LowSide.Tests.csproj tests/HighSide.Tests/TransferPipeline.HighSide.Tests.csproj#consoles"
  "tests/Shared.Tests/TransferPipeline.Shared.Tests.csproj tests/EndToEnd.Tests/TransferPipeline.EndToEnd.Tests.csproj tests/HighSide.Tests/TransferPipeline.HighSide.Tests.csproj#commands"
  "tests/HighSide.Tests/TransferPipeline.HighSide.Tests.csproj#inproc tests/HighSide.Tests/TransferPipeline.HighSide.Tests.csproj#rest"
)
listed=$(printf '%s\n' "${lanes[@]}" | tr ' ' '\n' | sed 's/#.*//' | sort -u)
present=$(ls tests/*/*.Tests.csproj | sort)
[ "$listed" = "$present" ] || {
  echo "test: the lanes in scripts/test.sh do not name every test project:" $present >&2; echo "0 passed, 1 failed"; exit 1; }
# The Debian packages are built and checked in a throwaway root (scripts/package-test.sh) beside the lanes, which spend
# most of their time waiting on the processes they start; gzip level 1, since xz would take minutes of CPU. They wait for
# the high side's mark, which comes last.
packages_log=$results/packages.log
(while [ ! -e "$published/highside.complete" ] && [ ! -e "$published/.failed" ]; do sleep 1; done
  [ -e "$published/highside.complete" ] || { echo "test: publishing failed: see $publish_log"; exit 1; }
  DEB_COMPRESSION=gzip DEB_COMPRESSION_LEVEL=1 ./scripts/package.sh "$results/packages" &&
  ./scripts/package-test.sh "$results/packages") >"$packages_log" 2>&1 &
packages_pid=$!
pids=()
for i in "${!lanes[@]}"; do
  # shellcheck disable=SC2086 # each lane is a space-separated list of project paths
  run_lane "$results/lane-$i.log" ${lanes[$i]} &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
  cat "$results/lane-$i.log"
done

wait "$publish_pid" || { status=1; cat "$publish_log"; }
wait "$packages_pid" || status=1
cat "$packages_log"

passed=0; failed=0; skipped=0; total=0
package_counts=$(sed -n 's/^package-test: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$packages_log")
if [ -n "$package_counts" ]; then
  read -r p f <<<"$package_counts"
  passed=$p; failed=$f; total=$((p + f))
else
  echo "test: the packages were not built or not checked (see above)" >&2
  failed=1; total=1
fi
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  t=$(get total); p=$(get passed); f=$(get failed); e=$(get error); x=$(get timeout); n=$(get notExecuted)
  total=$((total + ${t:-0})); passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0})); skipped=$((skipped + ${n:-0}))
done

if [ "$total" -eq 0 ]; then
  echo "test: no test ran" >&2
  status=1
fi
if [ "$skipped" -gt 0 ]; then
  echo "test: $skipped test(s) did not run; nothing may be skipped" >&2
  status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
