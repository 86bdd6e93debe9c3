#!/usr/bin/env bash
# Builds the Debian packages transferpipeline-lowside_VERSION_amd64.deb and transferpipeline-highside_VERSION_amd64.deb:
# self-contained ReadyToRun executables (no .NET runtime on the host) under /usr/lib/transferpipeline-SIDE/ with a
# /usr/bin link, the systemd unit, a sample configuration in /etc/transferpipeline/, a man page made from the
# executable's own --help texts, and the docs under /usr/share/doc/transferpipeline-SIDE/ (where the high side's
# console finds them). Usage: scripts/package.sh [OUT_DIR] (default artifacts/packages).
# Environment: DEB_VERSION (default: the projects' Version, Debian revision 1), DEB_MAINTAINER, DEB_COMPRESSION and
# DEB_COMPRESSION_LEVEL (dpkg-deb -Z and -z: xz by default, the smallest to carry; a throwaway test build takes gzip
# level 1, about 3 s a package where xz takes over a minute of CPU). TP_PUBLISHED_DIR: take DIR/lowside and DIR/highside
# from an earlier scripts/publish.sh instead of publishing again (scripts/test.sh publishes once for tests and packages).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-artifacts/packages}")
template=packaging/deb

for tool in dotnet dpkg-deb dpkg-shlibdeps strip python3 gzip; do
  command -v "$tool" >/dev/null || { echo "package: '$tool' is missing: run scripts/setup.sh first" >&2; exit 1; }
done

export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
commit=$(git rev-parse --short=12 HEAD)
upstream=$(dotnet msbuild src/HighSide/TransferPipeline.HighSide.csproj -getProperty:Version -nologo)
version=${DEB_VERSION:-$upstream-1}
maintainer=${DEB_MAINTAINER:-TransferPipeline maintainers <transferpipeline@example.org>}
compression=(-Z"${DEB_COMPRESSION:-xz}")
[ -z "${DEB_COMPRESSION_LEVEL:-}" ] || compression+=(-z"$DEB_COMPRESSION_LEVEL")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# When both sides are published here, the second reuses the first one's ReadyToRun images (scripts/publish.sh).
export TP_READYTORUN_CACHE=${TP_READYTORUN_CACHE:-$work/readytorun-cache}
mkdir -p "$out"

# side: the per-side facts (user, data directory and its mode, dependencies, description).
side_facts() {
  case $1 in
    lowside)
      user=tp-lowside data_mode=0750
      # par2 writes each volume's recovery data; xz and gpgv read Debian repositories' indexes.
      depends_tools="par2, xz-utils, gpgv"
      recommends="clamav"
      suggests="minisign, skopeo"
      summary="air-gap transfer, connected side: requests, gathering, signed batches"
      description=" TransferPipeline moves software into air-gapped networks on removable media.
 The low side takes requests for container images, files, Helm charts and
 packages, gathers them into a content-addressed store and cuts numbered,
 hashed, signed batches onto media, with PAR2 recovery data on each volume.
 .
 The executable is self-contained: no .NET runtime is needed on the host." ;;
    highside)
      user=tp-highside data_mode=0700
      depends_tools=""
      # par2 repairs a damaged volume from its recovery data; clamav scans quarantined batches when configured.
      recommends="par2, clamav"
      suggests="minisign, skopeo"
      summary="air-gap transfer, air-gapped side: quarantine, approval, publishing"
      description=" TransferPipeline moves software into air-gapped networks on removable media.
 The high side copies a batch into quarantine, verifies every byte and
 signature, holds it for two-person approval by security officers and
 publishes it to the internal mirrors, with a tamper-evident audit trail.
 Its web console serves the documentation installed with this package.
 .
 The executable is self-contained: no .NET runtime is needed on the host." ;;
  esac
}

fill() {
  sed -e "s|@SIDE@|$side|g" -e "s|@USER@|$user|g" -e "s|@DATA@|/var/lib/transferpipeline/$side|g" \
    -e "s|@DATA_MODE@|$data_mode|g" -e "s|@VERSION@|$version|g" -e "s|@COMMIT@|$commit|g" \
    -e "s|@MAINTAINER@|$maintainer|g" "$1"
}

# The shared libraries the runtime's native parts link against, as dpkg-shlibdeps states them (plus those loaded by
# name at run time: libssl3 by the crypto shim, libicu72 for globalization, libsodium23 by the product's interop).
shared_library_depends() {
  local root=$1 shlib_dir
  shlib_dir=$(mktemp -d -p "$work")
  mkdir -p "$shlib_dir/debian"
  printf 'Source: transferpipeline\n\nPackage: transferpipeline\nArchitecture: amd64\n' >"$shlib_dir/debian/control"
  # Its warnings (plugins' unresolved symbols, libraries linked in vain) are about Microsoft's builds: shown only on failure.
  (cd "$shlib_dir" && find "$root/usr/lib" -type f \( -name '*.so' -o -perm -u+x \) -print0 |
    xargs -0 dpkg-shlibdeps -O --ignore-missing-info -l"$lib" 2>"$shlib_dir/warnings" ||
    { cat "$shlib_dir/warnings" >&2; exit 1; }) | sed -n 's/^shlibs:Depends=//p'
}

for side in lowside highside; do
  side_facts "$side"
  package=transferpipeline-$side
  root=$work/$side
  lib=$root/usr/lib/$package
  doc=$root/usr/share/doc/$package
  case $side in
    lowside) project=src/LowSide/TransferPipeline.LowSide.csproj ;;
    highside) project=src/HighSide/TransferPipeline.HighSide.csproj ;;
  esac
  if [ -n "${TP_PUBLISHED_DIR:-}" ]; then
    echo "package: $side as published in $TP_PUBLISHED_DIR (scripts/publish.sh)"
    mkdir -p "$lib"
    cp -a "$TP_PUBLISHED_DIR/$side/." "$lib/"
  else
    echo "package: publishing $side (self-contained, ReadyToRun)"
    scripts/publish.sh "$project" "$lib"
  fi
  # The docs live under /usr/share/doc only: with no docs/ beside the executable the console reads them there.
  rm -rf "$lib/docs"
  # The runtime's LTTng trace provider, loaded only where liblttng-ust is installed: without it tracing is off, as on
  # any host lacking LTTng, and the package needs no LTTng.
  rm -f "$lib/libcoreclrtraceptprovider.so"
  # The command people and units run: the side's Native AOT front where it has one (the low side: scripts/publish.sh),
  # which execs the full executable beside it for every command it does not answer itself.
  entry=$side
  [ ! -e "$lib/front/$side" ] || entry=front/$side
  # SQLitePCLRaw's SQLite is shipped with its symbol table; the runtime's own libraries come stripped.
  strip --strip-unneeded "$lib/libe_sqlite3.so"
  [ ! -e "$lib/front/libe_sqlite3.so" ] || strip --strip-unneeded "$lib/front/libe_sqlite3.so"
  find "$lib" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
  chmod 0755 "$lib/$side" "$lib/$entry" "$lib/createdump"

  mkdir -p "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/transferpipeline" "$root/usr/share/man/man1" \
    "$doc" "$root/usr/share/lintian/overrides" "$root/DEBIAN"
  ln -s "../lib/$package/$entry" "$root/usr/bin/$side"

  unit=$root/lib/systemd/system/$package.service
  sed -e "s|/opt/transferpipeline/$side/$side|/usr/bin/$side|g" \
    -e "s|^Documentation=.*|Documentation=man:$side(1) file:///usr/share/doc/$package/operations.md|" \
    "deploy/systemd/$package.service" >"$unit"
  ! grep -q /opt/ "$unit" || { echo "package: $unit still names /opt" >&2; exit 1; }
  install -m 0644 "deploy/config/$side.json" "$root/etc/transferpipeline/$side.json"

  (cd docs && find . -name '*.md' -o -name '*.json') | while read -r file; do
    install -D -m 0644 "docs/$file" "$doc/$file"
  done
  install -m 0644 "$template/copyright" "$doc/copyright"
  fill "$template/changelog.in" | sed "s|@DATE@|$(date -u -R -d "@$SOURCE_DATE_EPOCH")|" | gzip -9n >"$doc/changelog.Debian.gz"
  python3 "$template/manpage.py" "$lib/$entry" "$side" "$upstream" "$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)" |
    gzip -9n >"$root/usr/share/man/man1/$side.1.gz"
  install -m 0644 "$template/$side.lintian-overrides" "$root/usr/share/lintian/overrides/$package"

  for script in postinst prerm postrm; do
    fill "$template/$script.in" >"$root/DEBIAN/$script"
    chmod 0755 "$root/DEBIAN/$script"
  done
  (cd "$root" && find etc -type f -printf '/%p\n' | sort) >"$root/DEBIAN/conffiles"
  shlib_depends=$(shared_library_depends "$root")
  [ -n "$shlib_depends" ] || { echo "package: dpkg-shlibdeps found no dependencies for $side" >&2; exit 1; }
  depends="adduser, $shlib_depends, libicu72, libsodium23, libssl3${depends_tools:+, $depends_tools}"
  installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  fill "$template/control.in" | sed -e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@DEPENDS@|$depends|" \
    -e "s|@RECOMMENDS@|$recommends|" -e "s|@SUGGESTS@|$suggests|" -e "s|@SUMMARY@|$summary|" |
    awk -v description="$description" '{ if ($0 == "@DESCRIPTION@") print description; else print }' >"$root/DEBIAN/control"
  (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
  chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

  deb=$out/${package}_${version}_amd64.deb
  dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$deb" >/dev/null
  echo "package: $deb ($(du -h "$deb" | cut -f1))"
done
