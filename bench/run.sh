#!/usr/bin/env bash
# Benchmarks TransferPipeline's four bulk operations against standard tools on the same data, in the
# same run, and prints throughputs, ratios (baseline seconds / our seconds: above 1.00x we are faster)
# and peak resident memory (/usr/bin/time -v "Maximum resident set size").
#
#   bench/run.sh            full run: 4 GiB blob; 2 GiB of 1-256 MiB blobs; 50,000 files of 1-64 KiB; and the
#                           many-files shape, 200,000 files of 256 B-4 KiB (about 13 GiB of data on disk at a time;
#                           about 95 minutes on 2 cores in all, most of it skopeo publishing 50,000 layers)
#   bench/run.sh --quick    the same steps on 256 MiB, 256 MiB, 500 files and 2,000 tiny files: under three minutes
#   bench/run.sh --shapes big,mixed    only these shapes (skopeo publishes ~13 small layers a second,
#                           so its baseline alone takes about an hour for 50,000 files)
#   bench/run.sh --big 8GiB --mixed 1GiB --files 5000 --many 100000    other sizes for the four shapes
#   bench/run.sh --startup  also the start-up rows (bench/start.sh: short commands on the packaged executables, which
#                           it publishes first, 3-8 minutes on 2 cores); a full run includes them, --quick does not
#
# For every shape the data goes through the real flow, each step timed next to its baseline:
#   1. gather   lowside gather from a local registry   vs  skopeo copy docker://... oci:...
#   2. cut      lowside batch cut onto "media"          vs  cp of the store's files + sha256sum + sync -f
#               (our writer makes a volume durable with one syncfs before it commits the batch; a cut
#               that is still in the page cache is not on the media, so the baseline syncs too)
#   3. verify   highside verify of every volume         vs  sha256sum -c SHA256SUMS, openssl dgst -sha256
#   4. import   highside import of every volume (copy into quarantine, verify, reassemble)
#                                                       vs  cp -r of each volume + sha256sum -c SHA256SUMS on the copy
#   5. publish  highside publish to a local registry    vs  skopeo copy oci:... docker://... (fresh registry)
# The many-files shape (files) is bench/files.sh: one batch of tiny files, each step's peak memory and time, for
# issue 18's target of the same peak at any number of files (its rows print as a second table).
# Images are written by hand as an OCI layout (tp-bench make-layout): one image with the 4 GiB layer,
# one with the mixed layers, and images of 1,000 layers for the small files.
# Verify rows are the median of 3 runs (the page cache is warm); the write steps run once each, since
# a repeat needs fresh state. Other work on the machine shows up as noise: compare ratios, not seconds.
# Batches are cut without PAR2 recovery data (Batches:Recovery=0; the default 5% makes a cut about 10x slower, which
# bench/recovery.sh measures on its own), so these rows measure the transfer, not the recovery data.
# Requires: dotnet, docker-registry, skopeo, sha256sum, openssl, /usr/bin/time. Data goes under
# $BENCH_DIR (default /tmp/tp-bench) and is removed afterwards (keep it with KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

quick=false
startup=""
shapes="big mixed small files"
big=4GiB; mixed=2GiB; small=50000; many=200000
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=true; big=256MiB; mixed=256MiB; small=500; many=2000 ;;
    --shapes) shapes=${2//,/ }; shift ;;
    --big) big=$2; shift ;;
    --mixed) mixed=$2; shift ;;
    --files) small=$2; shift ;;
    --many) many=$2; shift ;;
    --startup) startup=true ;;
    *) echo "usage: bench/run.sh [--quick] [--shapes big,mixed,small,files] [--big SIZE] [--mixed SIZE] [--files N] [--many N]" \
      "[--startup]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$startup" ] || { if $quick; then startup=false; else startup=true; fi; }
work=${BENCH_DIR:-/tmp/tp-bench}

. bench/lib.sh
bench_start docker-registry skopeo sha256sum openssl

rows=()
row() { # shape operation bytes seconds kib baseline_seconds
  local mbps ratio
  mbps=$(awk -v b="$3" -v s="$4" 'BEGIN { printf "%.0f", (s > 0 ? b / s / 1048576 : 0) }')
  ratio=$(awk -v s="$4" -v base="$6" 'BEGIN { if (base == "") print "-"; else printf "%.2fx", (s > 0 ? base / s : 0) }')
  rows+=("$(printf '%-6s %-44s %7s %8.2f %7s %7s %9s' "$1" "$2" "$(numfmt --to=iec "$3")" "$4" "$mbps" "$ratio" "$(numfmt --to=iec --from-unit=1024 "$5")")")
}

side_wrapper "$work/lowside" lowside "$work/shape/low"
side_wrapper "$work/highside" highside "$work/shape/high"
lowside="$work/lowside"; highside="$work/highside"

# skopeo_all DIRECTION: copies every tag, one skopeo process per image, as an operator would.
cat >"$work/skopeo-all" <<'EOF'
#!/bin/sh
# skopeo-all gather|publish LAYOUT REGISTRY REPO TAGFILE
set -e
while read -r tag; do
  if [ "$1" = gather ]; then
    skopeo copy -q --src-tls-verify=false "docker://$3/$4:$tag" "oci:$2:$tag"
  else
    skopeo copy -q --dest-tls-verify=false "oci:$2:$tag" "docker://$3/$4:$tag"
  fi
done <"$5"
EOF
cat >"$work/cut-baseline" <<'EOF'
#!/bin/sh
# cut-baseline STORE DEST: copy, hash the copies, make them durable.
set -e
cp -r "$1" "$2"
find "$2" -type f -print0 | xargs -0 sha256sum >/dev/null
sync -f "$2"
EOF
chmod +x "$work/skopeo-all" "$work/cut-baseline"

bench_shape() { # shape size
  local shape=$1 size=$2 dir="$work/shape"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "bench: $shape ($size): generating an OCI layout..." >&2
  local sizeArgs=(--size "$size")
  [ "$shape" = small ] && sizeArgs=(--files "$size")
  # The source registry is filled on disk (not timed): pushing 50,000 layers with skopeo takes an hour.
  $bench make-layout --shape "$shape" "${sizeArgs[@]}" --out "$dir/layout" --seed-registry "$dir/source/data" --repository "bench/$shape" >"$dir/tags"
  local bytes
  bytes=$(find "$dir/layout/blobs" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }')

  local sport mport bport
  sport=$(free_port 15100); start_registry "$dir/source" "$sport"
  mport=$(free_port 15400); start_registry "$dir/mirror" "$mport"
  bport=$(free_port 15700); start_registry "$dir/mirror-baseline" "$bport"
  local src=127.0.0.1:$sport mirror=127.0.0.1:$mport

  echo "bench: $shape: gather..." >&2
  export LOWSIDE__Sources__Allowed__0=$src LOWSIDE__Sources__Registries__0__Host=$src LOWSIDE__Sources__Registries__0__PlainHttp=true
  # Each shape is measured as one batch; the small shape's 50,100 blobs are just above the default
  # budget of 50,000 blobs per batch (Batches:MaxBlobsPerBatch), which would cut it as two.
  export LOWSIDE__Batches__MaxBlobsPerBatch=500000
  export LOWSIDE__Batches__Recovery=0
  $lowside init --site bench --no-password >/dev/null
  while read -r tag; do
    $lowside request add image "$src/bench/$shape:$tag" --justification benchmark >/dev/null
  done <"$dir/tags"
  read -r s_sg k_sg < <(measure "$work/skopeo-all" gather "$dir/skopeo-gather" "$src" "bench/$shape" "$dir/tags")
  rm -rf "$dir/skopeo-gather"
  read -r s_g k_g < <(measure "$lowside" gather)
  row "$shape" "skopeo copy docker:// oci: (per image)" "$bytes" "$s_sg" "$k_sg" ""
  row "$shape" "lowside gather        vs skopeo" "$bytes" "$s_g" "$k_g" "$s_sg"

  echo "bench: $shape: cut..." >&2
  read -r s_cp k_cp < <(measure "$work/cut-baseline" "$dir/low/store/sha256" "$dir/cp-media")
  rm -rf "$dir/cp-media"
  read -r s_cut k_cut < <(measure "$lowside" batch cut --media "$dir/media" --volume-size 1TiB)
  row "$shape" "cp + sha256sum + sync -f" "$bytes" "$s_cp" "$k_cp" ""
  row "$shape" "lowside batch cut     vs cp+sha256sum+sync" "$bytes" "$s_cut" "$k_cut" "$s_cp"
  rm -rf "$dir/low/store" "$dir/source/data"

  echo "bench: $shape: verify..." >&2
  local volumes=("$dir"/media/*-v*)
  cat >"$dir/sums" <<EOF
#!/bin/sh
for v in ${volumes[*]}; do (cd "\$v" && sha256sum -c --quiet SHA256SUMS) || exit 1; done
EOF
  cat >"$dir/ssl" <<EOF
#!/bin/sh
for v in ${volumes[*]}; do (cd "\$v" && cut -c67- SHA256SUMS | xargs -d '\n' openssl dgst -sha256 >/dev/null) || exit 1; done
EOF
  cat >"$dir/verify" <<EOF
#!/bin/sh
for v in ${volumes[*]}; do "$highside" verify "\$v" --trust "$dir/low/keys/site.pub" || exit 1; done
EOF
  chmod +x "$dir/sums" "$dir/ssl" "$dir/verify"
  "$dir/sums"  # warm the page cache
  read -r s_sum k_sum < <(median3 "$dir/sums")
  read -r s_ssl k_ssl < <(median3 "$dir/ssl")
  read -r s_ver k_ver < <(median3 "$dir/verify")
  row "$shape" "sha256sum -c SHA256SUMS (median of 3)" "$bytes" "$s_sum" "$k_sum" ""
  row "$shape" "openssl dgst -sha256, one process (median)" "$bytes" "$s_ssl" "$k_ssl" ""
  row "$shape" "highside verify       vs sha256sum -c" "$bytes" "$s_ver" "$k_ver" "$s_sum"
  row "$shape" "highside verify       vs openssl" "$bytes" "$s_ver" "$k_ver" "$s_ssl"

  echo "bench: $shape: import, approve (not timed), publish..." >&2
  export HIGHSIDE__Mirrors__Registry__PlainHttp=true
  $highside init --site bench-high --registry "http://$mirror" --files "$dir/mirror-files" --charts "$dir/mirror-charts" --no-password >/dev/null
  $highside trust add --site bench --key "$dir/low/keys/site.pub" >/dev/null
  local batch
  batch=$(basename "${volumes[0]}" | sed 's/-v[0-9]*$//')
  cat >"$dir/import" <<EOF
#!/bin/sh
for v in ${volumes[*]}; do "$highside" import "\$v" || exit 1; done
EOF
  cat >"$dir/import-baseline" <<EOF
#!/bin/sh
set -e
mkdir -p "$dir/cp-import"
for v in ${volumes[*]}; do cp -r "\$v" "$dir/cp-import/"; (cd "$dir/cp-import/\$(basename "\$v")" && sha256sum -c --quiet SHA256SUMS); done
EOF
  chmod +x "$dir/import" "$dir/import-baseline"
  read -r s_cpi k_cpi < <(measure "$dir/import-baseline")
  rm -rf "$dir/cp-import"
  read -r s_imp k_imp < <(measure "$dir/import")
  row "$shape" "cp -r + sha256sum -c of the copy" "$bytes" "$s_cpi" "$k_cpi" ""
  row "$shape" "highside import       vs cp+sha256sum -c" "$bytes" "$s_imp" "$k_imp" "$s_cpi"
  rm -rf "$dir/media"
  # The founding ceremony: the first roster is signed by both founding officers before anyone approves.
  for officer in alice bob; do
    $highside officer keygen --out "$dir/$officer" --no-password >/dev/null
  done
  local proposal
  proposal=$($highside officer found "alice=$dir/alice.pub" "bob=$dir/bob.pub" | awk 'NR==1 {print $2}')
  for officer in alice bob; do
    $highside officer sign-proposal "$proposal" --key "$dir/$officer.key" >/dev/null
  done
  for officer in alice bob; do
    $highside approve "$batch" --officer "$officer" --key "$dir/$officer.key" >/dev/null
  done
  read -r s_sp k_sp < <(measure "$work/skopeo-all" publish "$dir/layout" "127.0.0.1:$bport" "bench/$shape" "$dir/tags")
  rm -rf "$dir/mirror-baseline/data"  # only disk space: the baseline's copy is not looked at again
  read -r s_p k_p < <(measure "$highside" publish "$batch")
  row "$shape" "skopeo copy oci: docker:// (per image)" "$bytes" "$s_sp" "$k_sp" ""
  row "$shape" "highside publish      vs skopeo" "$bytes" "$s_p" "$k_p" "$s_sp"

  stop_registries
  rm -rf "$dir"
}

start=$(date +%s)
many_files=false
for shape in $shapes; do
  case $shape in
    big) bench_shape big "$big" ;;
    mixed) bench_shape mixed "$mixed" ;;
    small) bench_shape small "$small" ;;
    files) many_files=true ;;
    *) echo "bench: unknown shape '$shape'" >&2; exit 2 ;;
  esac
done

echo
echo "TransferPipeline benchmark ($($quick && echo "quick: $big, $mixed, $small files" || echo "full: $big, $mixed, $small files")), $(nproc) cores, $(($(date +%s) - start)) s, Batches:Recovery=0, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '%-6s %-44s %7s %8s %7s %7s %9s\n' shape operation bytes seconds MiB/s ratio peak-RSS
printf '%s\n' "${rows[@]}"
if $many_files; then
  echo
  BENCH_DIR="$work-files" bench/files.sh --files "$many"
fi
if $startup; then
  echo
  BENCH_DIR="$work-start" bench/start.sh --runs 11
fi
