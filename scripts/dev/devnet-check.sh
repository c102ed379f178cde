#!/usr/bin/env bash
# Runs `make devnet` as a newcomer would and waits until it says every miner is scored, then
# stops it as Ctrl-C does (SIGINT to its process group) and checks that it stopped cleanly.
# Exit 0 only when both happened: the proof that a fresh machine's devnet works
# (`scripts/dev/fresh-machine.sh devnet-check` runs it in a new root).
#
#   scripts/dev/devnet-check.sh             # make devnet in this checkout
#   NICOMPUTE_DEVNET_CHECK_SECONDS=1800 …   # how long the build and first scoring may take
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
LIMIT="${NICOMPUTE_DEVNET_CHECK_SECONDS:-2400}"
LOG="$(mktemp /tmp/nicompute-devnet-check.XXXXXX)"
log() { echo "devnet-check: $*" >&2; }

cd "$REPO"
# A process group of its own, so that the interrupt reaches make, its shell and nicompute alike.
setsid make --no-print-directory devnet >"$LOG" 2>&1 < /dev/null &
group=$!
stop() { kill -INT -- "-$group" 2>/dev/null || true; }
trap stop EXIT

scored=0
for _ in $(seq 1 "$LIMIT"); do
  if grep -q "every miner is scored" "$LOG"; then scored=1; break; fi
  kill -0 "$group" 2>/dev/null || break
  sleep 1
done
if [ "$scored" != 1 ]; then
  tail -40 "$LOG" >&2
  log "make devnet did not score every miner (whole log: $LOG)"
  exit 1
fi
grep -E "devnet: (every miner|miner .* scored|scored)" "$LOG" >&2 || true
log "every miner is scored; stopping the devnet with SIGINT"
stop
trap - EXIT
for _ in $(seq 1 60); do kill -0 "$group" 2>/dev/null || break; sleep 1; done
if kill -0 "$group" 2>/dev/null; then
  kill -KILL -- "-$group" 2>/dev/null || true
  log "the devnet did not stop within 60 s of SIGINT (log: $LOG)"
  exit 1
fi
wait "$group" || true
tail -5 "$LOG" >&2
log "make devnet scored every miner and stopped on SIGINT (log: $LOG)"
