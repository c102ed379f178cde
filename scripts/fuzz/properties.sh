#!/usr/bin/env bash
# The seeded property harnesses (Tests/PropertyTests: the Register API's bodies and query
# strings, the worker's JSON answers), RUNS inputs per property, in the package's own (debug)
# test build. They cover what libFuzzer cannot link (scripts/fuzz/run.sh does the rest);
# `make test` runs them at 5 000 inputs in the suite.
#   scripts/fuzz/properties.sh 10000000     # `make fuzz` (about 25 minutes on 2 cores)
# A failure prints its seed; NICOMPUTE_PROPERTY_SEED=<seed> replays it.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${1:-5000}
case "$RUNS" in ''|*[!0-9]*) echo "usage: $0 [inputs per property]" >&2; exit 2 ;; esac
LOG=/tmp/nicompute-properties.log
swift build --build-tests >"$LOG" 2>&1 \
  || { grep -E "error" "$LOG" >&2; echo "properties: the tests do not build (log: $LOG)" >&2; exit 1; }
started=$(date +%s)
status=0
NICOMPUTE_PROPERTY_RUNS="$RUNS" swift test --skip-build --filter '^PropertyTests\.' >"$LOG" 2>&1 || status=1
grep -E '^(✔|✘) Test "' "$LOG" | sed "s/^/properties: /"
grep -E "recorded an issue" "$LOG" | head -8 >&2 || true
echo "properties: $RUNS inputs per property, $(( $(date +%s) - started )) s in all, $([ $status = 0 ] && echo ok || echo FAILED) (log: $LOG)"
exit $status
