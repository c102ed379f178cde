#!/usr/bin/env bash
# Allocate → working SSH login: a real `nicompute miner` on the local chain and the container
# engine, asked by the Python SDK's dendrite, logged into with OpenSSH; p50 of RUNS runs with the
# base image present. Prints a markdown line for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-10}
export DOCKER_HOST
DOCKER_HOST=$(scripts/container-engine.sh)
swift build -c release --product nicompute >&2
BIN=$(swift build -c release --show-bin-path)/nicompute
WORK=$(mktemp -d)
MINER_PID=""
cleanup() { [ -n "$MINER_PID" ] && kill "$MINER_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

for name in miner v0; do
  seed=0x$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  "$BIN" wallet regen-hotkey --wallet.path "$WORK/wallets" --wallet.hotkey "$name" --seed "$seed" >/dev/null
  "$BIN" subnet register --wallet.path "$WORK/wallets" --wallet.hotkey "$name" --local.path "$WORK/chain.sqlite" --netuid 27 >/dev/null
done
HOTKEY=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ss58Address'])" "$WORK/wallets/default/hotkeys/miner")
AXON=$((20000 + RANDOM % 10000)); SSH=$((AXON + 10000))
"$BIN" miner --local.path "$WORK/chain.sqlite" --wallet.path "$WORK/wallets" --wallet.hotkey miner --axon.ip 127.0.0.1 \
  --axon.port "$AXON" --ssh.port "$SSH" \
  --external.ports "$((AXON + 1)),$((AXON + 2)),$((AXON + 3)),$((AXON + 4))" --miner.state-dir "$WORK/state" --miner.whitelist.not.enough.stake > "$WORK/miner.log" 2>&1 &
MINER_PID=$!
for _ in $(seq 1 300); do grep -q "listening on port" "$WORK/miner.log" && break; sleep 0.2; done
grep -q "listening on port" "$WORK/miner.log" || { cat "$WORK/miner.log" >&2; exit 1; }

RESULT=$(.venv/bin/python scripts/bench/allocate_to_ssh.py "$WORK/wallets" "$AXON" "$HOTKEY" "$SSH" "$RUNS")
python3 - "$RESULT" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"| Allocate → SSH login works (p50 of {r['runs']}) | {r['p50']:.2f} s | min {r['min']:.2f} s, max {r['max']:.2f} s | target < 3 s |")
PY
