#!/usr/bin/env bash
# Builds the conformance-set generator and writes the batch-format conformance vectors into OUT
# (default: conformance/vectors in the repository). An existing set in OUT is replaced.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo/conformance/vectors}"
project="$repo/tools/Conformance/TransferPipeline.Conformance.csproj"
dotnet build "$project" -c Release --nologo -v quiet
dotnet "$repo/tools/Conformance/bin/Release/net10.0/transferpipeline-conformance.dll" "$out"
