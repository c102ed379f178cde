#!/usr/bin/env bash
# Timelocked weights, side by side in one run on one machine: our Swift Timelock/BLS12381 (release
# build, Benchmarks/TimelockBench) against bittensor-drand 2.0.0's Rust (tle + arkworks, through its
# Python binding, which the SDK uses): encrypting one 256-uid weight commit and decrypting it with
# the round's signature (one pairing, one G2 multiplication, AES-GCM); our bare pairing and py_ecc's
# for scale. Prints a markdown table for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-5}
scripts/setup-python-env.sh >&2

echo "Building TimelockBench (release)…" >&2
swift build --package-path Benchmarks -c release --product TimelockBench >&2
BIN=$(swift build --package-path Benchmarks -c release --show-bin-path)/TimelockBench

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BIN" "$SECONDS_EACH" > "$OUT/swift.json"
.venv/bin/python scripts/bench/timelock_python.py "$SECONDS_EACH" > "$OUT/rust.json"

python3 - "$OUT" <<'PY'
import json, os, platform, sys
out = sys.argv[1]
swift = json.load(open(os.path.join(out, "swift.json")))
rust = json.load(open(os.path.join(out, "rust.json")))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"Machine: {cpu}, {os.cpu_count()} cores; peer: bittensor-drand 2.0.0 (Rust tle + arkworks via PyO3)\n")
print(f"Payload {swift['payload_bytes']} bytes (256 uids), ciphertext {swift['ciphertext_bytes']} bytes.\n")
print("| operation | Swift (ops/s) | bittensor-drand Rust (ops/s) | Swift / Rust |")
print("|---|---:|---:|---:|")
for op, label in (("encrypt_commit", "encrypt one weight commit"), ("decrypt_commit", "decrypt it with the round's signature (1 pairing)")):
    print(f"| {label} | {swift[op]:,.1f} | {rust[op]:,.1f} | {swift[op] / rust[op]:.2f} |")
line = f"| one pairing (G2 preparation, Miller loop, final exponentiation) | {swift['pairing']:,.1f} | — |"
if "py_ecc_pairing" in rust:
    line += f" py_ecc: {rust['py_ecc_pairing']:,.2f} ops/s |"
else:
    line += " |"
print(line)
PY
