#!/usr/bin/env bash
# One Proof-of-GPU round at the devnet size: a release `nicompute validator` testing MINERS
# release `nicompute miner`s (CPU device, Podman) on the local chain. Reports the wall time of one
# miner's test (allocation to deallocation, from the validator's store) and the validator's CPU
# time and bytes written per tested miner (its /proc counters over the round), as markdown
# lines. Run it at two MINERS counts for the cost per added miner (start-up and the worker's one
# compression per process are in both).
set -euo pipefail
cd "$(dirname "$0")/../.."
MINERS=${MINERS:-2}
BENCH_N=${BENCH_N:-1024}
COMPUTE_N=${COMPUTE_N:-256}
export DOCKER_HOST
DOCKER_HOST=$(scripts/container-engine.sh)
make -s pog-worker >&2
swift build -c release --product nicompute >&2
BIN=$(swift build -c release --show-bin-path)/nicompute
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

names=(validator)
for i in $(seq 1 "$MINERS"); do names+=("m$i"); done
for name in "${names[@]}"; do
  seed=0x$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  "$BIN" wallet regen-hotkey --wallet.path "$WORK/w" --wallet.hotkey "$name" --seed "$seed" >/dev/null
  "$BIN" subnet register --wallet.path "$WORK/w" --wallet.hotkey "$name" --local.path "$WORK/chain.sqlite" --local.block-seconds 1 --netuid 27 >/dev/null
done
BASE=$((20000 + RANDOM % 8000))
for i in $(seq 1 "$MINERS"); do
  "$BIN" miner --local.path "$WORK/chain.sqlite" --wallet.path "$WORK/w" --wallet.hotkey "m$i" --axon.ip 127.0.0.1 \
    --axon.port $((BASE + i)) --ssh.port $((BASE + 10000 + i)) \
    --external.ports "$((BASE + 2000 + 4 * i)),$((BASE + 2001 + 4 * i)),$((BASE + 2002 + 4 * i)),$((BASE + 2003 + 4 * i))" --miner.state-dir "$WORK/m$i" --miner.whitelist.not.enough.stake > "$WORK/m$i.log" 2>&1 &
  PIDS+=($!)
done
sleep 3
"$BIN" validator --local.path "$WORK/chain.sqlite" --wallet.path "$WORK/w" --wallet.hotkey validator --axon.ip 127.0.0.1 --axon.port $((BASE + 999)) \
  --validator.state-dir "$WORK/v" --validator.worker .build-pog/nicompute-pog --validator.devnet --validator.max-delay 0 --validator.retry-limit 0 \
  --validator.benchmark-n "$BENCH_N" --validator.compute-n "$COMPUTE_N" > "$WORK/v.log" 2>&1 &
VPID=$!
PIDS+=($VPID)
for _ in $(seq 1 600); do grep -q "PoG round done" "$WORK/v.log" && break; sleep 0.2; done
grep -q "PoG round done" "$WORK/v.log" || { cat "$WORK/v.log" >&2; exit 1; }
TICKS=$(getconf CLK_TCK)
CPU=$(awk -v t="$TICKS" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$VPID/stat")
# Bytes the validator wrote through write(2) and friends: mostly its SSH sessions (the worker
# upload), a little SQLite and logging.
WRITTEN=$(awk '$1 == "wchar:" { print $2 }' "/proc/$VPID/io")
python3 - "$WORK/v/validator.sqlite" "$CPU" "$MINERS" "$COMPUTE_N" "$WRITTEN" <<'PY'
import sqlite3, sys
db, cpu, miners, n, written = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
rows = sqlite3.connect(db).execute("SELECT passed, elapsed_s FROM pog_results").fetchall()
times = sorted(r[1] for r in rows)
passed = sum(r[0] for r in rows)
print(f"| one miner's PoG, allocation to deallocation (n = {n}, {miners} miners at once) | p50 {times[len(times)//2]:.2f} s | {passed}/{len(rows)} passed |")
print(f"| validator CPU time per tested miner (start-up included) | {cpu / max(1, len(rows)) * 1000:.0f} ms | total {cpu:.2f} s |")
print(f"| bytes the validator wrote per tested miner | {written / max(1, len(rows)) / 1e6:.1f} MB | total {written / 1e6:.1f} MB |")
PY
