#!/usr/bin/env bash
# Signed `Specs` requests per second and latency at 1, 8 and 32 concurrent dendrite workers,
# against our axon and against bittensor 9.0.0's axon serving the same synapse, on this machine,
# driven by one load generator. Prints a markdown table.
#   GENERATOR=presigned (default): Benchmarks/AxonPresigned, every request signed before the clock
#     starts and sent over blocking keep-alive sockets, so the servers get the cores;
#   GENERATOR=dendrite: Benchmarks/AxonLoad, our Dendrite signing and parsing each call as it goes.
#   SERVER=harness (default): our side is Benchmarks/AxonServe, the `Axon` type answering Specs;
#   SERVER=miner: our side is the installed `nicompute miner` (`make install`, release, static
#     Swift runtime) on a local chain, answering Specs as operators run it, to a caller registered
#     and staked on that chain (a miner refuses unknown hotkeys); needs the container engine.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
GENERATOR=${GENERATOR:-presigned}
BOB=5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty

echo "Building the load generator and our axon (release)…" >&2
swift build -c release --package-path Benchmarks --product AxonLoad >&2
swift build -c release --package-path Benchmarks --product AxonPresigned >&2
swift build -c release --package-path Benchmarks --product AxonServe >&2
BIN=Benchmarks/.build/release
OUT=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$OUT"; }
trap cleanup EXIT

wait_ready() {  # file → port
  for _ in $(seq 1 100); do
    if grep -q READY "$1" 2>/dev/null; then grep READY "$1" | head -1 | awk '{print $2}'; return; fi
    sleep 0.2
  done
  echo "server did not start: $(cat "$1")" >&2; exit 1
}

SERVER=${SERVER:-harness}
if [ "$SERVER" = miner ]; then
  # AxonLoad signs as //Alice, whom this chain does not know.
  [ "$GENERATOR" = presigned ] || { echo "SERVER=miner needs GENERATOR=presigned" >&2; exit 2; }
  make -s --no-print-directory install DESTDIR="$PWD/.build-install" PREFIX=/usr/local >&2
  NICOMPUTE=.build-install/usr/local/bin/nicompute
  peers=$(scripts/peers.sh engine)
  seed() { echo "0x$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
  CALLER_SEED=$(seed)
  "$NICOMPUTE" wallet regen-hotkey --wallet.path "$OUT/w" --wallet.hotkey miner --seed "$(seed)" >/dev/null
  "$NICOMPUTE" wallet regen-hotkey --wallet.path "$OUT/w" --wallet.hotkey caller --seed "$CALLER_SEED" >/dev/null
  for key in miner caller; do
    "$NICOMPUTE" subnet register --wallet.path "$OUT/w" --wallet.hotkey "$key" --local.path "$OUT/chain.sqlite" \
      --local.block-seconds 1 --netuid 27 >/dev/null
  done
  "$NICOMPUTE" subnet stake-add --wallet.path "$OUT/w" --wallet.hotkey caller --amount 20000 --local.path "$OUT/chain.sqlite" --netuid 27 >/dev/null
  OURS_HOTKEY=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ss58Address"])' "$OUT/w/default/hotkeys/miner")
  export NICOMPUTE_BENCH_SIGNER=$CALLER_SEED
  base=$((20000 + RANDOM % 2000))
  env $peers "$NICOMPUTE" miner --local.path "$OUT/chain.sqlite" --wallet.path "$OUT/w" --wallet.hotkey miner \
    --axon.ip 127.0.0.1 --axon.port "$base" --ssh.port $((base + 1)) --external.ports $((base + 2)),$((base + 3)),$((base + 4)),$((base + 5)) \
    --miner.state-dir "$OUT/miner" > "$OUT/miner.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 1 300); do grep -q "listening on port" "$OUT/miner.log" && break; sleep 0.2; done
  grep -q "listening on port" "$OUT/miner.log" || { cat "$OUT/miner.log" >&2; exit 1; }
  OURS=$base
else
  "$BIN/AxonServe" 0 > "$OUT/ours.txt" 2>/dev/null & PIDS+=($!)
  OURS=$(wait_ready "$OUT/ours.txt")
  OURS_HOTKEY=$BOB
fi
.venv/bin/python Tests/BittensorNetworkTests/network_peer.py serve '{"uri": "//Bob"}' > "$OUT/python.txt" 2>/dev/null & PIDS+=($!)
PYTHON=$(wait_ready "$OUT/python.txt")

load() { # port, axon hotkey, workers, ceiling (requests/s the presigned generator signs for)
  if [ "$GENERATOR" = presigned ]; then "$BIN/AxonPresigned" "$1" "$2" "$3" "$SECONDS_PER_RUN" "$4"
  else "$BIN/AxonLoad" "$1" "$2" "$3" "$SECONDS_PER_RUN"; fi
}
for workers in 1 8 32; do
  echo "ours, $workers workers ($GENERATOR)…" >&2
  echo "ours $(load "$OURS" "$OURS_HOTKEY" "$workers" 15000)" >> "$OUT/results.txt"
  echo "python, $workers workers ($GENERATOR)…" >&2
  echo "python $(load "$PYTHON" "$BOB" "$workers" 400)" >> "$OUT/results.txt"
done

GENERATOR=$GENERATOR SERVER=$SERVER python3 - "$OUT/results.txt" <<'PY'
import json, os, sys
rows = {}
for line in open(sys.argv[1]):
    side, payload = line.split(" ", 1)
    data = json.loads(payload)
    rows.setdefault(data["workers"], {})[side] = data
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"Machine: {cpu}, {os.cpu_count()} cores (servers and load generator share them); generator: {os.environ.get('GENERATOR', 'presigned')}; ours: {os.environ.get('SERVER', 'harness')}\n")
print("| workers | ours req/s | ours p50 / p99 (ms) | bittensor 9.0.0 req/s | Python p50 / p99 (ms) | throughput ratio |")
print("|---:|---:|---:|---:|---:|---:|")
for workers in sorted(rows):
    o, p = rows[workers]["ours"], rows[workers]["python"]
    ratio = o["rps"] / p["rps"] if p["rps"] else float("inf")
    print(f"| {workers} | {o['rps']:,.0f} | {o['p50_ms']:.2f} / {o['p99_ms']:.2f} | {p['rps']:,.1f} | {p['p50_ms']:.0f} / {p['p99_ms']:.0f} | {ratio:,.0f}× |")
    if o["errors"] or p["errors"]:
        print(f"|  | errors: {o['errors']} |  | errors: {p['errors']} |  |  |")
PY
