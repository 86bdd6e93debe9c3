#!/usr/bin/env bash
# Installs the packages scripts/package.sh built into a throwaway root and checks them there: a copy-on-write view of
# this machine (overlayfs over /, in a private mount namespace) with .NET removed, where `apt-get install ./*.deb` runs
# the real maintainer scripts (adduser, the data directories), then both executables run with no .NET on PATH, each
# side is initialised by its own system user, lintian judges the packages, and purge keeps a data directory in use.
# Nothing reaches the machine itself. Needs root (CI runs as root). Usage: scripts/package-test.sh PACKAGE_DIR
# Ends with one line "package-test: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
packages=$(realpath "${1:?usage: scripts/package-test.sh PACKAGE_DIR}")
low=$(ls "$packages"/transferpipeline-lowside_*_amd64.deb 2>/dev/null | head -n 1)
high=$(ls "$packages"/transferpipeline-highside_*_amd64.deb 2>/dev/null | head -n 1)
[ -n "$low" ] && [ -n "$high" ] || { echo "package-test: no packages in $packages: run scripts/package.sh first" >&2; exit 1; }
# A private mount namespace and chroot need root: CI is root; a developer is asked for sudo, as scripts/setup.sh does.
[ "$(id -u)" -eq 0 ] || exec sudo "$0" "$@"
for tool in unshare chroot lintian dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "package-test: '$tool' is missing: run scripts/setup.sh first" >&2; exit 1; }
done
upstream=$(dpkg-deb -f "$high" Version | sed 's/-[^-]*$//')

passed=0 failed=0
check() {
  local name=$1 started=$SECONDS
  shift
  if "$@" >"$scratch/check.log" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name ($((SECONDS - started)) s)"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$scratch/check.log"
  fi
}

scratch=$(mktemp -d)
root=$scratch/root
mkdir -p "$scratch/upper" "$scratch/work" "$root"
trap 'rm -rf "$scratch"' EXIT

# Every command below runs inside the throwaway root with an empty environment but for PATH.
in_root() { unshare --mount --propagation private sh -c 'dir=$1 && shift &&
  mount -t overlay overlay -o "lowerdir=/,upperdir=$dir/upper,workdir=$dir/work" "$dir/root" &&
  mount -t proc proc "$dir/root/proc" && mount --rbind /dev "$dir/root/dev" && exec chroot "$dir/root" "$@"' \
  in_root "$scratch" /usr/bin/env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 "$@"; }
# The overlay is mounted again for each command; its upper directory carries the changes from one to the next.
as_user() { local user=$1; shift; in_root runuser -u "$user" -- /usr/bin/env -i PATH=/usr/bin:/bin "$@"; }

no_dotnet() {
  in_root sh -c 'rm -rf /usr/share/dotnet /usr/lib/dotnet /usr/bin/dotnet /root/.dotnet /etc/dotnet && ! command -v dotnet'
}
install_packages() {
  in_root apt-get install -y -qq -o Dpkg::Use-Pty=0 "$low" "$high"
}
version_is() { local out; out=$(in_root "$1" --version) && echo "$out" && [ "${out%%+*}" = "$upstream" ]; }
data_directory() {
  in_root stat -c '%U:%G %a' "/var/lib/transferpipeline/$1" | tee /dev/stderr | grep -qx "tp-$1:tp-$1 $2"
}
highside_init() {
  as_user tp-highside highside init --data /var/lib/transferpipeline/highside --site high-test --no-password &&
    as_user tp-highside highside --data /var/lib/transferpipeline/highside trust list &&
    as_user tp-highside highside --data /var/lib/transferpipeline/highside status
}
lowside_init() {
  as_user tp-lowside lowside init --data /var/lib/transferpipeline/lowside --site low-test --no-password &&
    as_user tp-lowside lowside --data /var/lib/transferpipeline/lowside request list
}
installed_layout() {
  in_root sh -c '
    test -x /usr/lib/transferpipeline-highside/highside && test -L /usr/bin/highside &&
    test "$(readlink -f /usr/bin/lowside)" = /usr/lib/transferpipeline-lowside/front/lowside &&
    test -x /usr/lib/transferpipeline-lowside/lowside &&
    test -f /usr/share/doc/transferpipeline-highside/operations.md &&
    test -f /usr/share/doc/transferpipeline-highside/adrs/0007-owner-only-high-side.md &&
    test ! -e /usr/lib/transferpipeline-highside/docs &&
    grep -qx "ExecStart=/usr/bin/highside serve --data /var/lib/transferpipeline/highside" \
      /lib/systemd/system/transferpipeline-highside.service &&
    grep -qx "ExecStart=/usr/bin/lowside serve --data /var/lib/transferpipeline/lowside" \
      /lib/systemd/system/transferpipeline-lowside.service &&
    zcat /usr/share/man/man1/highside.1.gz | grep -q "^\.SS highside import" &&
    zcat /usr/share/man/man1/lowside.1.gz | grep -q "^\.SS lowside batch cut" &&
    dpkg-query -W -f="\${Conffiles}\n" transferpipeline-highside | grep -q " /etc/transferpipeline/highside.json "'
}
units_verify() {
  in_root systemd-analyze verify /lib/systemd/system/transferpipeline-highside.service \
    /lib/systemd/system/transferpipeline-lowside.service
}
purge_keeps_data() {
  in_root apt-get purge -y -qq -o Dpkg::Use-Pty=0 transferpipeline-highside transferpipeline-lowside &&
    in_root sh -c 'test ! -e /usr/bin/highside && test ! -e /usr/lib/transferpipeline-lowside &&
      test -f /var/lib/transferpipeline/highside/highside.json && test -f /var/lib/transferpipeline/lowside/lowside.json'
}

# lintian reads the packages for most of a minute: it runs beside the checks in the root.
lintian --fail-on error,warning "$low" "$high" >"$scratch/lintian.log" 2>&1 &
lintian_pid=$!
lintian_clean() { local status=0; wait "$lintian_pid" || status=$?; cat "$scratch/lintian.log"; return $status; }

check "no .NET in the throwaway root" no_dotnet
check "apt-get install ./transferpipeline-{lowside,highside}_*.deb" install_packages
check "highside --version with no .NET ($upstream)" version_is highside
check "lowside --version with no .NET ($upstream)" version_is lowside
check "postinst: /var/lib/transferpipeline/highside tp-highside 0700" data_directory highside 700
check "postinst: /var/lib/transferpipeline/lowside tp-lowside 0750" data_directory lowside 750
check "highside init, trust list, status as tp-highside" highside_init
check "lowside init, request list as tp-lowside" lowside_init
check "installed layout: links, docs for the console, units, man pages, conffiles" installed_layout
check "systemd-analyze verify of both units (executables, man pages)" units_verify
check "lintian (errors and warnings fail)" lintian_clean
check "purge removes the programs and keeps data directories in use" purge_keeps_data

echo "package-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
