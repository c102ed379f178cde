#!/usr/bin/env bash
# One Proof-of-GPU round of the release `nicompute validator` over a fleet of miners
# (Benchmarks' MinerFleet: many miners in one process, each with its own hotkey, axon and
# swift-nio-ssh server, answering the test in process at a small n) on a local chain, at each
# size in SIZES. Reports per size, as markdown rows: the round's wall time (validator start to
# "PoG round done", start-up included), how many passed, the validator's CPU time in all and per
# miner, its peak RSS, and the bytes it sent per miner (the fleet's count of SSH stdin, and the
# validator's write(2) total); then the CPU per added miner between the smallest and largest size.
# PREPLACED=1: every miner already holds the validator's worker (as miners run with
# `--miner.pog-worker` do), so the validator's hash probe finds it and sends nothing.
# FLEET_DECODERS="gzip": the fleet's containers report gzip only (default "xz gzip"), so the
# validator sends the worker gzip-compressed instead of as .xz.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-16 64 256}
BENCH_N=${BENCH_N:-128}
COMPUTE_N=${COMPUTE_N:-128}
PREPLACED=${PREPLACED:-0}
ROUND_LIMIT_S=${ROUND_LIMIT_S:-1200}
# The validator as operators install it (`make install`: release, static Swift runtime).
make -s --no-print-directory install DESTDIR="$PWD/.build-install" PREFIX=/usr/local >&2
BIN=.build-install/usr/local/bin/nicompute
swift build -c release --package-path Benchmarks --product MinerFleet >&2
FLEET=Benchmarks/.build/release/MinerFleet
# Two listening sockets per miner and the validator's connections.
ulimit -n "$(ulimit -Hn)"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
TICKS=$(getconf CLK_TCK)

echo "| miners | round wall time | passed | validator CPU | CPU per miner | peak RSS | sent per miner (fleet's stdin count) | validator write(2) per miner |"
echo "|---|---|---|---|---|---|---|---|"
declare -A CPU_AT
for size in $SIZES; do
  dir="$WORK/$size"
  mkdir -p "$dir"
  base=$((12000 + RANDOM % 2000))
  preplaced=()
  [ "$PREPLACED" = 1 ] && preplaced=(.build-install/usr/local/bin/nicompute-pog)
  "$FLEET" "$dir" "$size" "$base" "${preplaced[@]}" > "$dir/fleet.out" 2> "$dir/fleet.log" &
  fleet=$!
  PIDS+=($fleet)
  for _ in $(seq 1 600); do grep -q READY "$dir/fleet.out" && break; sleep 0.2; done
  grep -q READY "$dir/fleet.out" || { cat "$dir/fleet.log" >&2; exit 1; }
  seed=0x$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  "$BIN" wallet regen-hotkey --wallet.path "$dir/w" --wallet.hotkey validator --seed "$seed" >/dev/null
  "$BIN" subnet register --wallet.path "$dir/w" --wallet.hotkey validator --local.path "$dir/chain.sqlite" --local.block-seconds 1 --netuid 27 >/dev/null
  started=$(date +%s.%N)
  "$BIN" validator --local.path "$dir/chain.sqlite" --local.block-seconds 1 --wallet.path "$dir/w" --wallet.hotkey validator \
    --axon.ip 127.0.0.1 --axon.port $((base + 9999)) --validator.state-dir "$dir/v" --validator.worker .build-install/usr/local/bin/nicompute-pog \
    --validator.devnet --validator.max-delay 0 --validator.retry-limit 0 \
    --validator.benchmark-n "$BENCH_N" --validator.compute-n "$COMPUTE_N" > "$dir/v.log" 2>&1 &
  validator=$!
  PIDS+=($validator)
  limit=$(( ROUND_LIMIT_S * 5 ))
  for _ in $(seq 1 "$limit"); do grep -q "PoG round done" "$dir/v.log" && break; kill -0 "$validator" 2>/dev/null || break; sleep 0.2; done
  grep -q "PoG round done" "$dir/v.log" || { tail -40 "$dir/v.log" >&2; exit 1; }
  ended=$(date +%s.%N)
  cpu=$(awk -v t="$TICKS" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$validator/stat")
  rss=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$validator/status")
  written=$(awk '$1 == "wchar:" { print $2 }' "/proc/$validator/io")
  passed=$(grep -o "PoG round done: [0-9]* of [0-9]*" "$dir/v.log" | head -1 | awk '{ print $4 "/" $6 }')
  kill "$validator"
  kill -TERM "$fleet"
  wait "$fleet" 2>/dev/null || true
  fleet_report=$(grep '^{' "$dir/fleet.out" | tail -1)
  CPU_AT[$size]=$cpu
  python3 - "$size" "$started" "$ended" "$passed" "$cpu" "$rss" "$written" "$fleet_report" <<'PY'
import json, sys
size, started, ended, passed, cpu, rss_kib, written, fleet = sys.argv[1:]
size, cpu, written = int(size), float(cpu), int(written)
received = json.loads(fleet)["bytes_received"]
print(f"| {size} | {float(ended) - float(started):.1f} s | {passed} | {cpu:.2f} s | {cpu / size * 1000:.0f} ms | "
      f"{int(rss_kib) / 1024:.0f} MiB | {received / size / 1e6:.2f} MB | {written / size / 1e6:.2f} MB |")
PY
done
sizes=($SIZES)
first=${sizes[0]}
last=${sizes[${#sizes[@]}-1]}
if [ "$first" != "$last" ]; then
  python3 -c "import sys; a, b, n, m = map(float, sys.argv[1:]); print(f'\nvalidator CPU per added miner, {int(n)} → {int(m)} miners: {(b - a) / (m - n) * 1000:.0f} ms')" \
    "${CPU_AT[$first]}" "${CPU_AT[$last]}" "$first" "$last"
fi
