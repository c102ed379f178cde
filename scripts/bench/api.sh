#!/usr/bin/env bash
# Register API allocation latency: release `nicompute api`, `validator` and two `miner`s on the
# local chain and Podman; RUNS times `allocate_spec` (timed by curl, the API's whole answer:
# choosing, availability checks, the miner's allocation, credentials opened, row stored), then
# `deallocate`. Prints a markdown line.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-10}
export DOCKER_HOST
DOCKER_HOST=$(scripts/container-engine.sh)
make -s pog-worker >&2
swift build -c release --product nicompute >&2
BIN=$(swift build -c release --show-bin-path)/nicompute
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for name in validator m1 m2; do
  seed=0x$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  "$BIN" wallet regen-hotkey --wallet.path "$WORK/w" --wallet.hotkey "$name" --seed "$seed" >/dev/null
  "$BIN" subnet register --wallet.path "$WORK/w" --wallet.hotkey "$name" --local.path "$WORK/chain.sqlite" --local.block-seconds 1 --netuid 27 >/dev/null
done
"$BIN" subnet stake-add --wallet.path "$WORK/w" --wallet.hotkey validator --amount 20000 --local.path "$WORK/chain.sqlite" --netuid 27 >/dev/null
BASE=$((20000 + RANDOM % 8000))
for i in 1 2; do
  "$BIN" miner --local.path "$WORK/chain.sqlite" --wallet.path "$WORK/w" --wallet.hotkey "m$i" --axon.ip 127.0.0.1 \
    --axon.port $((BASE + i)) --ssh.port $((BASE + 10000 + i)) --miner.state-dir "$WORK/m$i" > "$WORK/m$i.log" 2>&1 &
  PIDS+=($!)
done
sleep 3
"$BIN" validator --local.path "$WORK/chain.sqlite" --wallet.path "$WORK/w" --wallet.hotkey validator --axon.ip 127.0.0.1 --axon.port $((BASE + 999)) \
  --validator.state-dir "$WORK/v" --validator.worker .build-pog/nicompute-pog --validator.devnet --validator.max-delay 0 --validator.retry-limit 0 \
  --validator.benchmark-n 2048 --validator.compute-n 256 > "$WORK/v.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do grep -q "PoG round done" "$WORK/v.log" && break; sleep 0.2; done
KEY=$("$BIN" api keys create --name bench --db.path "$WORK/api.sqlite" 2>/dev/null)
"$BIN" api --local.path "$WORK/chain.sqlite" --wallet.path "$WORK/w" --wallet.hotkey validator --db.path "$WORK/api.sqlite" \
  --validator.store "$WORK/v/validator.sqlite" --api.port $((BASE + 998)) > "$WORK/api.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q "api: listening" "$WORK/api.log" && break; sleep 0.2; done
API=http://127.0.0.1:$((BASE + 998))
: > "$WORK/times"
for _ in $(seq 1 "$RUNS"); do
  curl -s -o "$WORK/answer.json" -w "%{time_total}\n" -X POST -H "Authorization: Bearer $KEY" "$API/service/allocate_spec" \
    -d '{"requirements": {"gpu_type": "", "gpu_size": 0, "timeline": 1}}' >> "$WORK/times"
  read -r HOTKEY UUID < <(python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['data']; print(d['hotkey'], d['uuid_key'])" "$WORK/answer.json")
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $KEY" "$API/service/deallocate?hotkey=$HOTKEY&uuid_key=$UUID"
done
python3 - "$WORK/times" <<'PY'
import sys
t = sorted(float(x) for x in open(sys.argv[1]) if x.strip())
print(f"| allocate_spec answered (p50 of {len(t)}) | {t[len(t)//2]:.2f} s | min {t[0]:.2f} s, max {t[-1]:.2f} s |")
PY
