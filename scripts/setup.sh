#!/usr/bin/env bash
# Installs the Debian packages TransferPipeline and its tests need, then restores NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang links the low side's Native AOT front (scripts/publish.sh).
packages=(libsodium23 libicu72 sqlite3 minisign skopeo umoci docker-registry nginx coreutils openssl time python3 python3-pip chromium clamav gpg gpgv apt dpkg-dev apt-utils xz-utils rabbitmq-server postgresql par2 lintian clang)
# Node.js and npm (the npm tests' client): a machine with NodeSource's nodejs already has npm, and Debian's npm conflicts with it.
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK (dotnet) is not installed" >&2; exit 1; }
dotnet restore TransferPipeline.sln --nologo -v quiet
echo "setup: ready"
