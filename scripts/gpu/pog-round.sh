#!/usr/bin/env bash
# One Proof-of-GPU round on a real NVIDIA GPU, recorded for the validator's tests. The static
# worker (as validators upload it) does what a validator asks of it in a round: names the GPUs,
# runs the timed fp16/fp32 benchmark, computes C = A·B for seeded A and B with cuBLAS and
# commits to C's rows with a Merkle root, then answers challenged cells with rows and Merkle
# proofs. ProofOfGPUTests identifies the GPU from the benchmark and checks the proofs with the
# validator's verifier (PoGVerifier).
#
#   scripts/gpu/pog-round.sh OUTDIR [N]     (needs .build-pog/nicompute-pog: make pog-worker)
#
# Writes OUTDIR/pog-round.json:
#   {"gpu": gpu-info, "benchmark", "n", "seeds", "compute", "challenges", "proof"}.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUTDIR="${1:?usage: scripts/gpu/pog-round.sh OUTDIR [N]}"
N="${2:-16384}"
# To try the script without a GPU: NICOMPUTE_POG_BACKEND=cpu NICOMPUTE_POG_BENCHMARK_N=512
BACKEND="${NICOMPUTE_POG_BACKEND:-cuda}"
WORKER=.build-pog/nicompute-pog
[ -x "$WORKER" ] || { echo "run 'make pog-worker' first" >&2; exit 1; }
STATE=$(mktemp -d)
trap 'rm -rf "$STATE"' EXIT
mkdir -p "$OUTDIR"

SEED_A=1311768467294899695   # 0x1234567890ABCDEF
SEED_B=18364758544493064720  # 0xFEDCBA9876543210
# Corners, the middle, and cells whose row and column sit far apart.
LAST=$((N - 1)); MID=$((N / 2))
CELLS="[[0,0],[$LAST,$LAST],[$MID,$((N / 3))],[$((N / 5)),$LAST]]"

"$WORKER" gpu-info --backend "$BACKEND" > "$STATE/gpu.json"
"$WORKER" benchmark --backend "$BACKEND" ${NICOMPUTE_POG_BENCHMARK_N:+--n "$NICOMPUTE_POG_BENCHMARK_N"} > "$STATE/benchmark.json"
echo "{\"n\": $N, \"seeds\": [{\"gpu\": 0, \"a\": \"$SEED_A\", \"b\": \"$SEED_B\"}]}" \
  | "$WORKER" compute --backend "$BACKEND" --state-dir "$STATE/worker" > "$STATE/compute.json"
echo "{\"indices\": [{\"gpu\": 0, \"cells\": $CELLS}]}" \
  | "$WORKER" proof --state-dir "$STATE/worker" > "$STATE/proof.json"

{
  echo "{\"gpu\": $(cat "$STATE/gpu.json"),"
  echo " \"benchmark\": $(cat "$STATE/benchmark.json"),"
  echo " \"n\": $N,"
  echo " \"seeds\": {\"a\": \"$SEED_A\", \"b\": \"$SEED_B\"},"
  echo " \"compute\": $(cat "$STATE/compute.json"),"
  echo " \"challenges\": $CELLS,"
  echo " \"proof\": $(cat "$STATE/proof.json")}"
} > "$OUTDIR/pog-round.json"
ls -l "$OUTDIR/pog-round.json" >&2
