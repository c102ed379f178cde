#!/usr/bin/env bash
# The seeded property harnesses (Tests/PropertyTests: the Register API's bodies and query
# strings, the worker's JSON answers), RUNS inputs per property, in a release build with
# testing enabled (its own scratch folder, .build-properties). They cover what libFuzzer cannot
# link (scripts/fuzz/run.sh does the rest); `make test` runs them at 5 000 inputs in the suite.
#   scripts/fuzz/properties.sh 10000000     # `make fuzz`
# A failure prints its seed; NICOMPUTE_PROPERTY_SEED=<seed> replays it.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${1:-5000}
case "$RUNS" in ''|*[!0-9]*) echo "usage: $0 [inputs per property]" >&2; exit 2 ;; esac
SCRATCH=.build-properties
swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path "$SCRATCH" >"/tmp/nicompute-properties-build.log" 2>&1 \
  || { grep -E "error" /tmp/nicompute-properties-build.log >&2; echo "properties: the release tests do not build (log: /tmp/nicompute-properties-build.log)" >&2; exit 1; }
started=$(date +%s)
status=0
NICOMPUTE_PROPERTY_RUNS="$RUNS" swift test -c release --skip-build --scratch-path "$SCRATCH" --filter PropertyTests >"$SCRATCH/properties.log" 2>&1 || status=1
grep -E '^(✔|✘) Test "' "$SCRATCH/properties.log" | sed "s/^/properties: /"
grep -E "recorded an issue|seed [0-9]+" "$SCRATCH/properties.log" | head -8 >&2 || true
echo "properties: $RUNS inputs per property, $(( $(date +%s) - started )) s in all, $([ $status = 0 ] && echo ok || echo FAILED)"
exit $status
