#!/usr/bin/env bash
# Proof-of-GPU honest rounds and cheat detection (issue 15): ROUNDS honest rounds through the
# real worker on the CPU backend and the verifier, and ROUNDS rounds of each cheat through the
# verifier; prints the false-rejection count and each cheat's detection rate.
#
#   scripts/bench/pog-rounds.sh [ROUNDS]     (default 1000; builds the tests first)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-1000}"
swift build --build-tests >&2
POG_BENCH_ROUNDS="$ROUNDS" swift test --skip-build --filter RoundsBenchmark 2>&1 | grep -E "POG-BENCH|rejected|✘|passed after|failed" || true
