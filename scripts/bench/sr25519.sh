#!/usr/bin/env bash
# sr25519 sign/verify per second: our Swift BittensorCrypto (package-benchmark, release build)
# against bittensor-wallet 3.0.4's Rust core (schnorrkel, via its Python binding), in one run on
# one machine. Prints a markdown table with the ratios for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "Building and running the Swift benchmarks (release)…" >&2
swift package --package-path Benchmarks --allow-writing-to-directory "$OUT" \
  benchmark --target Sr25519 --format jmh --path "$OUT" --no-progress >&2

echo "Running the bittensor-wallet (Rust) peer…" >&2
.venv/bin/python scripts/bench/sr25519_python.py 3 > "$OUT/python.json"

python3 - "$OUT" <<'PY'
import glob, json, os, platform, subprocess, sys
out = sys.argv[1]
swift = {}
for path in glob.glob(os.path.join(out, "*.jmh*")):
    for element in json.load(open(path)):
        name = element["benchmark"].rsplit(".", 1)[-1]
        swift[name] = element["primaryMetric"]["score"]
peer = json.load(open(os.path.join(out, "python.json")))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"Machine: {cpu}, {os.cpu_count()} cores; peer: bittensor-wallet 3.0.4 (Rust schnorrkel via PyO3)\n")
print("| operation | Swift (ops/s) | bittensor-wallet Rust (ops/s) | Swift / Rust |")
print("|---|---:|---:|---:|")
for op in ("sign", "verify"):
    s, p = swift.get(op), peer[op]
    if s is None:
        sys.exit(f"no Swift result for {op}")
    print(f"| {op} | {s:,.0f} | {p:,.0f} | {s / p:.2f} |")
print(f"\nPython call overhead alone: {peer['call_overhead_per_s']:,.0f} calls/s (included in the peer's figures).")
PY
