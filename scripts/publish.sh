#!/usr/bin/env bash
# Publishes one executable as the packages ship it: self-contained for linux-x64, ReadyToRun, English only, without the
# XML documentation files. Used by scripts/package.sh and bench/start.sh, so that the start-up the benchmark measures is
# the packages' own. Usage: scripts/publish.sh PROJECT OUT_DIR
# TP_READYTORUN_CACHE=DIR: keep the ReadyToRun images in DIR and take from it those of the same input assemblies
# (Directory.Build.targets), so that the second executable published does not compile again what the first one did.
set -euo pipefail
[ $# = 2 ] || { echo "usage: scripts/publish.sh PROJECT OUT_DIR" >&2; exit 2; }
project=$1 dir=$2
# SatelliteResourceLanguages: the product speaks English; the libraries' translated messages are left out.
dotnet publish "$project" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=true \
  -p:SatelliteResourceLanguages=en -p:ReadyToRunCacheDirectory="${TP_READYTORUN_CACHE:-}" -o "$dir" --nologo -v quiet
# The XML documentation files are for compilers, not for the installed program.
rm -f "$dir"/TransferPipeline.*.xml "$dir/lowside.xml" "$dir/highside.xml"
# The low side ships a front in DIR/front: `lowside` as installed, compiled with Native AOT (clang links it), which answers
# `request list` itself and execs DIR/lowside for every other command (docs/performance.md, "Ninth pass").
if [ "$(basename "$project")" = TransferPipeline.LowSide.csproj ]; then
  front=$dir/front
  dotnet publish "$(dirname "$project")/../LowSide.Front/TransferPipeline.LowSide.Front.csproj" -c Release -r linux-x64 \
    -o "$front" --nologo -v quiet
  mv "$front/TransferPipeline.LowSide.Front" "$front/lowside"
  # Symbols and the compilers' files stay out; the native SQLite beside it is the one the full executable ships.
  rm -f "$front"/*.dbg "$front"/*.pdb "$front"/*.xml
fi
