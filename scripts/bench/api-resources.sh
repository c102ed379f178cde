#!/usr/bin/env bash
# Register API listing throughput: release `nicompute api` over a local chain with MINERS
# (default 10 000) served, verified miners whose Specs answers are in the API's store (seeded
# by Benchmarks' APIDirectorySeed), loaded by wrk on loopback with POST /list/resources_sql —
# the whole listing, as the reference returns it (plain, gzip, and revalidated with its ETag:
# 304), and one page of 50. Prints markdown lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
MINERS=${MINERS:-10000}
SECONDS_EACH=${SECONDS_EACH:-15}
scripts/lib/host-packages.sh bench bench
# The API as operators install it (`make install`: release, static Swift runtime).
make -s --no-print-directory install DESTDIR="$PWD/.build-install" PREFIX=/usr/local >&2
BIN=.build-install/usr/local/bin/nicompute
(cd Benchmarks && swift build -c release --product APIDirectorySeed >&2)
SEED=Benchmarks/.build/release/APIDirectorySeed
WORK=$(mktemp -d)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
"$SEED" "$WORK" "$MINERS" >&2
seed=0x$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$BIN" wallet regen-hotkey --wallet.path "$WORK/w" --wallet.hotkey api --seed "$seed" >/dev/null
KEY=$("$BIN" api keys create --name bench --db.url "$WORK/api.sqlite" 2>/dev/null)
PORT=$((30000 + RANDOM % 5000))
"$BIN" api --local.path "$WORK/chain.sqlite" --wallet.path "$WORK/w" --wallet.hotkey api --db.url "$WORK/api.sqlite" \
  --validator.store "$WORK/validator.sqlite" --api.port "$PORT" --api.rate-limit 0 > "$WORK/api.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do grep -q "api: listening" "$WORK/api.log" && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/list/resources_sql"
items=$(curl -sf -X POST -H "Authorization: Bearer $KEY" "$URL" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["page_items"]))')
[ "$items" = "$MINERS" ] || { echo "expected $MINERS items, the API listed $items" >&2; cat "$WORK/api.log" >&2; exit 1; }
bytes=$(curl -sf -X POST -H "Authorization: Bearer $KEY" "$URL" | wc -c)
etag=$(curl -sf -o /dev/null -w '%header{etag}' -X POST -H "Authorization: Bearer $KEY" "$URL")
gzipped=$(curl -sf -X POST -H "Authorization: Bearer $KEY" -H "Accept-Encoding: gzip" "$URL" | wc -c)
unchanged=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $KEY" -H "If-None-Match: $etag" "$URL")
[ "$unchanged" = 304 ] || { echo "If-None-Match with the listing's ETag answered $unchanged, not 304" >&2; exit 1; }
script() { # $1 name, the rest: extra headers as lua assignments
  local name="$1"
  shift
  { echo 'wrk.method = "POST"'; echo "wrk.headers[\"Authorization\"] = \"Bearer $KEY\""; printf '%s\n' "$@"; } >"$WORK/$name.lua"
}
script post
script gzip 'wrk.headers["Accept-Encoding"] = "gzip"'
script unchanged "wrk.headers[\"If-None-Match\"] = '$etag'"
run() { # $1 label, $2 url, $3 connections, $4 script (default post)
  local out rps p50
  out=$(wrk -t2 -c"$3" -d"${SECONDS_EACH}s" --latency -s "$WORK/${4:-post}.lua" "$2")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers: $out" >&2; exit 1; fi
  echo "| /list/resources_sql, $1, $MINERS miners, $3 connections | $rps req/s | p50 $p50 |"
}
echo "| Register API listing (release, loopback, wrk -t2) | throughput | latency |"
echo "|---|---|---|"
run "whole listing ($((bytes / 1024)) KiB)" "$URL" 4
run "whole listing, gzip ($((gzipped / 1024)) KiB)" "$URL" 4 gzip
run "whole listing, not modified (304)" "$URL" 16 unchanged
run "page of 50" "$URL?page_number=1&page_size=50" 16
echo "$(nproc) cores, $(date -u +%F)" >&2
