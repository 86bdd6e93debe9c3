#!/usr/bin/env bash
# A self-contained demo of the whole TransferPipeline flow on embedded defaults (SQLite, in-memory
# bus), against real local servers on 127.0.0.1: a source registry on the "connected" side, an
# internal mirror registry on the "air-gapped" side, and nginx serving a file and a Helm chart.
# Sample images are built with umoci and pushed with skopeo. Everything lives in a temporary
# directory that is removed at the end (keep it with KEEP=1). At the end both daemons serve their web
# consoles until Enter is pressed: not when standard input is not a terminal, or with --no-wait.
set -euo pipefail
wait_for_enter=1
for argument in "$@"; do
  case "$argument" in
    --no-wait) wait_for_enter=0 ;;
    *) echo "usage: scripts/demo.sh [--no-wait]" >&2; exit 2 ;;
  esac
done
[ -t 0 ] || wait_for_enter=0
cd "$(dirname "$0")/.."
repo=$(pwd)

for tool in docker-registry nginx skopeo umoci minisign sha256sum; do
  command -v "$tool" >/dev/null || { echo "demo: '$tool' is missing: run scripts/setup.sh first" >&2; exit 1; }
done

work=$(mktemp -d /tmp/tp-demo.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "demo: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step=0
say() { step=$((step + 1)); printf '\n\033[1m== %d. %s\033[0m\n' "$step" "$*"; }
run() { printf '$ %s\n' "$*" | sed "s#$work#\$DEMO#g"; "$@"; }

free_port() {
  local port
  for port in $(seq "$1" $(($1 + 200))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "demo: no free port near $1" >&2; exit 1
}

wait_http() { # url name
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${1##*:}") 2>/dev/null; then return; fi
    sleep 0.1
  done
  echo "demo: $2 did not start on $1" >&2; exit 1
}

start_registry() { # name port
  mkdir -p "$work/$1"
  cat >"$work/$1/config.yml" <<EOF
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/$1/data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$2 }
EOF
  docker-registry serve "$work/$1/config.yml" >"$work/$1/log" 2>&1 &
  pids+=($!)
  wait_http "127.0.0.1:$2" "the $1 registry"
}

start_nginx() { # root port
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF
daemon off; master_process off; user root; pid $work/nginx/pid; error_log $work/nginx/error.log;
events { worker_connections 64; }
http { access_log off; client_body_temp_path $work/nginx/b; proxy_temp_path $work/nginx/p;
  fastcgi_temp_path $work/nginx/f; uwsgi_temp_path $work/nginx/u; scgi_temp_path $work/nginx/s;
  server { listen 127.0.0.1:$2; root $1; } }
EOF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  pids+=($!)
  wait_http "127.0.0.1:$2" "nginx"
}

# --- sample images: an OCI layout built with umoci, a multi-arch index written by hand -------------
layout=$work/layout
descriptor_of() { # tag -> "digest size"
  grep -o "\"digest\":\"sha256:[0-9a-f]*\",\"size\":[0-9]*,\"annotations\":{\"org.opencontainers.image.ref.name\":\"$1\"}" "$layout/index.json" \
    | sed 's/"digest":"\(sha256:[0-9a-f]*\)","size":\([0-9]*\).*/\1 \2/'
}
derive_image() { # from to arch file content
  umoci unpack --image "$layout:$1" "$work/bundle" >/dev/null
  mkdir -p "$(dirname "$work/bundle/rootfs/$4")"
  printf '%s\n' "$5" >"$work/bundle/rootfs/$4"
  umoci repack --image "$layout:$2" "$work/bundle" >/dev/null
  rm -rf "$work/bundle"
  umoci config --image "$layout:$2" --os linux --architecture "$3" --tag "$2" >/dev/null
}
multi_arch_index() { # tag amd64-tag arm64-tag
  local amd arm json hex
  read -r -a amd <<<"$(descriptor_of "$2")"
  read -r -a arm <<<"$(descriptor_of "$3")"
  json="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"${amd[0]}\",\"size\":${amd[1]},\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"${arm[0]}\",\"size\":${arm[1]},\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}"
  hex=$(printf '%s' "$json" | sha256sum | cut -c1-64)
  printf '%s' "$json" >"$layout/blobs/sha256/$hex"
  sed -i "s#]}\$#,{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"sha256:$hex\",\"size\":${#json},\"annotations\":{\"org.opencontainers.image.ref.name\":\"$1\"}}]}#" "$layout/index.json"
}
build_images() {
  umoci init --layout "$layout" >/dev/null
  umoci new --image "$layout:empty" >/dev/null
  umoci unpack --image "$layout:empty" "$work/bundle" >/dev/null
  mkdir -p "$work/bundle/rootfs/etc" "$work/bundle/rootfs/usr/lib"
  echo "TransferPipeline demo base" >"$work/bundle/rootfs/etc/os-release"
  head -c 3000000 /dev/urandom >"$work/bundle/rootfs/usr/lib/libdemo.so"
  umoci repack --image "$layout:base" "$work/bundle" >/dev/null
  rm -rf "$work/bundle"
  derive_image base app-1.0-amd64 amd64 usr/bin/app "app 1.0 for amd64"
  derive_image base app-1.0-arm64 arm64 usr/bin/app "app 1.0 for arm64"
  derive_image base tools-1.0 amd64 usr/bin/tools "tools 1.0 (shares the base layer)"
  derive_image base app-1.1-amd64 amd64 usr/bin/app "app 1.1 for amd64"
  derive_image base app-1.1-arm64 arm64 usr/bin/app "app 1.1 for arm64"
  multi_arch_index app-1.0 app-1.0-amd64 app-1.0-arm64
  multi_arch_index app-1.1 app-1.1-amd64 app-1.1-arm64
}

say "Build both executables"
run dotnet build TransferPipeline.sln -c Release --nologo -v quiet
lowside() { dotnet "$repo/src/LowSide/bin/Release/net10.0/lowside.dll" --data "$work/low" "$@"; }
highside() { dotnet "$repo/src/HighSide/bin/Release/net10.0/highside.dll" --data "$work/high" "$@"; }
# What an officer runs on their own workstation: the same executable, no data directory.
officer-workstation() { dotnet "$repo/src/HighSide/bin/Release/net10.0/highside.dll" "$@"; }

say "Start the outside world and the internal mirror on 127.0.0.1"
source_port=$(free_port 15100); mirror_port=$(free_port 15400); web_port=$(free_port 15700)
start_registry source-registry "$source_port"
start_registry mirror-registry "$mirror_port"
mkdir -p "$work/www/files" "$work/www/charts"
start_nginx "$work/www" "$web_port"
src=127.0.0.1:$source_port; mirror=127.0.0.1:$mirror_port; web=http://127.0.0.1:$web_port
echo "source registry $src, internal mirror $mirror, web server $web"

say "Build sample images (multi-arch app 1.0 and 1.1, tools sharing the base layer) and push them"
build_images
run skopeo copy -q --all --dest-tls-verify=false "oci:$layout:app-1.0" "docker://$src/demo/app:1.0"
run skopeo copy -q --all --dest-tls-verify=false "oci:$layout:app-1.1" "docker://$src/demo/app:1.1"
run skopeo copy -q --dest-tls-verify=false "oci:$layout:tools-1.0" "docker://$src/demo/tools:1.0"
head -c 5000000 /dev/urandom >"$work/www/files/firmware-2.4.bin"
file_sha=$(sha256sum "$work/www/files/firmware-2.4.bin" | cut -c1-64)
# The EICAR anti-virus test string, and a ClamAV signature for it: official signatures cannot be downloaded here.
printf '%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*' >"$work/www/files/eicar.com"
mkdir -p "$work/clamav"
echo "Demo-Eicar:0:*:$(od -An -tx1 -v "$work/www/files/eicar.com" | tr -d ' \n')" >"$work/clamav/demo.ndb"
mkdir -p "$work/chart/demo-chart"
printf 'apiVersion: v2\nname: demo-chart\nversion: 0.3.0\ndescription: TransferPipeline demo chart\n' >"$work/chart/demo-chart/Chart.yaml"
tar -C "$work/chart" -czf "$work/www/charts/demo-chart-0.3.0.tgz" demo-chart
chart_sha=$(sha256sum "$work/www/charts/demo-chart-0.3.0.tgz" | cut -c1-64)
cat >"$work/www/charts/index.yaml" <<EOF
apiVersion: v1
entries:
  demo-chart:
  - apiVersion: v2
    name: demo-chart
    version: 0.3.0
    digest: $chart_sha
    urls:
    - $web/charts/demo-chart-0.3.0.tgz
generated: "2026-11-22T00:00:00Z"
EOF

say "Low side: initialise (SQLite, content store, site key) and allow only our sources"
run lowside init --site demo-site --no-password
export LOWSIDE__Sources__Allowed__0=$src LOWSIDE__Sources__Allowed__1=$web/files/ LOWSIDE__Sources__Allowed__2=$web/charts/
export LOWSIDE__Sources__Registries__0__Host=$src LOWSIDE__Sources__Registries__0__PlainHttp=true
export LOWSIDE__Scanning__ClamAv__Database=$work/clamav
run lowside key show

say "High side: initialise with the internal mirrors and trust the low side's key"
run highside init --site demo-high --registry "http://$mirror" --files "$work/mirror/files" --charts "$work/mirror/charts" --no-password
export HIGHSIDE__Mirrors__Registry__PlainHttp=true HIGHSIDE__Scanning__ClamAv__Database=$work/clamav
run highside trust add --site demo-site --key "$work/low/keys/site.pub"

say "Founding ceremony: the officer roster is signed by every founding officer, each on their own machine"
for officer in alice bob; do
  highside officer keygen --out "$work/$officer" --no-password >/dev/null
done
echo "$ highside officer found alice=\$DEMO/alice.pub bob=\$DEMO/bob.pub --requester alice=local:alice"
proposal=$(highside officer found "alice=$work/alice.pub" "bob=$work/bob.pub" --requester alice=local:alice | tee "$work/found.txt" | awk 'NR==1 {print $2}')
cat "$work/found.txt"
echo "$ highside officer proposal $proposal > \$DEMO/roster-1.json"
highside officer proposal "$proposal" >"$work/roster-1.json"
for officer in alice bob; do
  # `highside sign` needs no data directory: it runs on the officer's workstation.
  run officer-workstation sign --statement "$work/roster-1.json" --key "$work/$officer.key"
  run highside officer sign-proposal "$proposal" --signature "$work/roster-1.json.minisig"
done
run highside officer list

say "A roster change: erin joins once the officers in force and erin herself have signed"
highside officer keygen --out "$work/erin" --no-password >/dev/null
echo "$ highside officer add erin --key \$DEMO/erin.pub"
proposal=$(highside officer add erin --key "$work/erin.pub" | tee "$work/add.txt" | awk 'NR==1 {print $2}')
cat "$work/add.txt"
run highside officer sign-proposal "$proposal" --key "$work/alice.key"
run highside officer proposals
for officer in bob erin; do
  run highside officer sign-proposal "$proposal" --key "$work/$officer.key"
done
run highside officer list

say "Requests are filed (from the shell, the requester is the OS user); a request for an unlisted registry is refused"
run lowside request add image "$src/demo/app:1.0" --justification "ward monitors need app 1.0" --ticket CHG-1001
run lowside request add image "$src/demo/tools:1.0" --justification "diagnostics"
run lowside request add file "$web/files/firmware-2.4.bin" --sha256 "$file_sha" --justification "pump firmware fix"
run lowside request add chart "$web/charts/" demo-chart --version 0.3.0 --justification "monitoring chart"
run lowside request add file "$web/files/eicar.com" --justification "a file that carries the EICAR test signature"
if lowside request add image "registry.example.org/evil/app:1" --justification "x" 2>"$work/refused.txt"; then
  echo "demo: a request for an unlisted registry was accepted" >&2; exit 1
fi
echo "refused as expected: $(cat "$work/refused.txt")"
run lowside request list

say "Gather into the content store (every blob scanned by ClamAV: the EICAR file fails malware-found), then cut batch 1"
run lowside gather || true
lowside request list --json | python3 -c '
import json, sys
failed = [r for r in json.load(sys.stdin) if r["status"] == "failed"]
assert [r["failureCode"] for r in failed] == ["malware-found"], failed
print("refused by the scan:", failed[0]["failure"])'
run lowside batch cut --media "$work/media1" --volume-size 5MB
ls -1 "$work/media1"

say "Anyone can check a volume with stock tools"
first_volume=$(ls -d "$work/media1"/*-v001)
(cd "$first_volume" && run minisign -V -p "$work/low/keys/site.pub" -m manifest.json && run sha256sum --strict --quiet -c SHA256SUMS && echo "sha256sum: all files OK")

say "High side: import the volumes in reverse order; the batch waits for the missing one"
volumes=$(ls -d "$work/media1"/*-v* | sort -r)
for volume in $volumes; do run highside import "$volume"; done
run highside batch list
batch1=$(ls "$work/media1" | head -n 1 | sed 's/-v[0-9]*$//')
say "The high side scanned every blob from quarantine before anyone can approve"
highside batch show "$batch1" | grep '^scan: done' || { echo "demo: batch 1 was not scanned" >&2; exit 1; }

say "One officer approves, signing the statement (batch, manifest, roster, audit head, publish plan) on her own machine: nothing is published"
echo "$ highside batch statement $batch1 > \$DEMO/statement.txt"
highside batch statement "$batch1" >"$work/statement.txt"
cat "$work/statement.txt"
run officer-workstation sign --statement "$work/statement.txt" --key "$work/alice.key"
run highside approve "$batch1" --signature "$work/statement.txt.minisig"
if run highside publish "$batch1"; then echo "demo: a batch with one approval was published" >&2; exit 1; fi
[ ! -d "$work/mirror/files" ] || [ -z "$(ls -A "$work/mirror/files")" ] || { echo "demo: files reached the mirror early" >&2; exit 1; }
echo "nothing published, as the two-person rule requires"

say "A second officer approves: the batch is published"
run highside approve "$batch1" --officer bob --key "$work/bob.key"
run highside publish "$batch1"

say "The internal mirror serves byte-identical manifests"
for ref in demo/app:1.0 demo/tools:1.0; do
  a=$(skopeo inspect --raw --tls-verify=false "docker://$src/$ref" | sha256sum | cut -c1-64)
  b=$(skopeo inspect --raw --tls-verify=false "docker://$mirror/$ref" | sha256sum | cut -c1-64)
  echo "$ref  source sha256:$a  mirror sha256:$b"
  [ "$a" = "$b" ] || { echo "demo: $ref differs on the mirror" >&2; exit 1; }
done
echo "files:  $(cd "$work/mirror/files" && find . -type f | head -n 5)"
echo "charts: $(grep -c 'version: 0.3.0' "$work/mirror/charts/index.yaml") entry in $work/mirror/charts/index.yaml" | sed "s#$work#\$DEMO#g"

say "Incremental: a receipt from the high side, then app 1.1 ships only its new layers"
run highside receipt write "$work/receipt.json"
run lowside trust add --key "$work/high/keys/highside.pub"
run lowside receipt import "$work/receipt.json"
run lowside request add image "$src/demo/app:1.1" --justification "app 1.1 security update"
run lowside gather
run lowside batch cut --media "$work/media2" --volume-size 100MB
shipped=$(ls "$work/media2"/*/blobs/sha256 | wc -l)
echo "batch 2 ships $shipped blobs (the shared base layer stays on the high side)"
batch2=$(ls "$work/media2" | head -n 1 | sed 's/-v[0-9]*$//')
run highside import "$work/media2"
run highside approve "$batch2" --officer alice --key "$work/alice.key"
run highside approve "$batch2" --officer erin --key "$work/erin.key"
run highside publish "$batch2"
a=$(skopeo inspect --raw --tls-verify=false "docker://$src/demo/app:1.1" | sha256sum | cut -c1-64)
b=$(skopeo inspect --raw --tls-verify=false "docker://$mirror/demo/app:1.1" | sha256sum | cut -c1-64)
echo "demo/app:1.1  source sha256:$a  mirror sha256:$b"
[ "$a" = "$b" ] || { echo "demo: demo/app:1.1 differs on the mirror" >&2; exit 1; }

say "The audit trail verifies"
run highside audit verify

say "A third batch waits for a decision in the officers' console"
printf 'ward 7 rota, revision 3\n' >"$work/www/files/rota-r3.txt"
rota_sha=$(sha256sum "$work/www/files/rota-r3.txt" | cut -c1-64)
run lowside request add file "$web/files/rota-r3.txt" --sha256 "$rota_sha" --justification "ward rota" --ticket CHG-1002
run lowside gather
run lowside batch cut --media "$work/media3"
run highside import "$work/media3"
batch3=$(ls "$work/media3" | head -n 1 | sed 's/-v[0-9]*$//')

say "People: a requester and an operator on the low side, officers and an auditor on the high side"
# Demo passwords: a site lets the commands make one-time passwords and officers enrol their own authenticator.
low_password=demo-low-side-2026
high_password=demo-high-side-2026
for user in carol:requester olga:operator; do
  run lowside user add "${user%%:*}" --role "${user##*:}"
  printf '%s\n' "$low_password" | lowside user password "${user%%:*}"
done
declare -A totp
for account in alice:officer bob:officer audrey:auditor; do
  name=${account%%:*}; role=${account##*:}
  officer_option=(); [ "$role" = officer ] && officer_option=(--officer "$name")
  printf '%s\n' "$high_password" | run highside account add "$name" --role "$role" "${officer_option[@]}" --password-stdin
  totp[$name]=$(highside account issue-totp "$name" 2>/dev/null | head -n 1)
done

say "The web consoles"
low_port=$(free_port 18480); high_port=$(free_port 18580)
# Started without the shell functions, so that $! is the daemon itself and the cleanup stops it.
LOWSIDE__Http__Urls=http://127.0.0.1:$low_port dotnet "$repo/src/LowSide/bin/Release/net10.0/lowside.dll" --data "$work/low" serve \
  >"$work/lowside-serve.log" 2>&1 &
pids+=($!)
HIGHSIDE__Http__Urls=http://127.0.0.1:$high_port dotnet "$repo/src/HighSide/bin/Release/net10.0/highside.dll" --data "$work/high" serve \
  >"$work/highside-serve.log" 2>&1 &
pids+=($!)
healthy() { # port: GET /health answers 200
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null
}
for port in "$low_port" "$high_port"; do
  for _ in $(seq 1 300); do healthy "$port" && break; sleep 0.1; done
  healthy "$port" || { echo "demo: the daemon on port $port did not start (logs: $work/*-serve.log)" >&2; exit 1; }
done
cat <<EOF
low side console   http://127.0.0.1:$low_port/
  carol (requester) and olga (operator), password $low_password
high side console  http://127.0.0.1:$high_port/
  alice and bob (officers), audrey (auditor): one-time password $high_password, you choose your own at first sign-in
  authenticator secrets (base32; TOTP, SHA-1, 6 digits, 30 s: add to an authenticator app, or oathtool --totp -b SECRET)
    alice  ${totp[alice]}
    bob    ${totp[bob]}
    audrey ${totp[audrey]}
  batch $batch3 waits for two officers: download its statement on the decide page, sign it on "your own machine" with
    dotnet $repo/src/HighSide/bin/Release/net10.0/highside.dll sign --statement STATEMENT --key $work/alice.key
  (bob.key beside it), and upload the .minisig
EOF
if [ "$wait_for_enter" = 1 ]; then
  read -r -p "Press Enter to stop the consoles and end the demo. "
fi

echo
echo "Demo complete: two batches carried, verified, approved by two officers and published; a third waits in the console."
