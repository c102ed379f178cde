#!/usr/bin/env bash
# `make chaos`: CYCLES kill -9 cycles (default 100) each of the miner mid-allocation, the validator mid-round and
# the Register API mid-allocate, on the real container engine, counting orphaned containers, lost
# or duplicated rentals and SSH ports left held (scripts/chaos/chaos.py). Figures go to
# docs/reliability.md. Then the storm: 1 000 concurrent allocations of one miner through two API
# instances on one PostgreSQL database, counting double allocations and unclear answers.
set -euo pipefail
cd "$(dirname "$0")/../.."
CYCLES=${1:-100}
scripts/setup-python-env.sh
peers=$(scripts/peers.sh engine postgres)
swift build --product nicompute >/dev/null
exec env $peers .venv/bin/python scripts/chaos/chaos.py --bin "$(swift build --show-bin-path)/nicompute" --cycles "$CYCLES" ${CHAOS_PHASES:+--phases "$CHAOS_PHASES"}
