#!/usr/bin/env bash
# Proof-of-GPU figures for docs/benchmarks.md, all on this machine in one run:
#  - Merkle construction (GB/s) against OpenSSL's SHA-256 speed on all cores;
#  - generation rate; verification of one cell at n = 16384 against the reference's Python way;
#  - `nicompute-pog compute` end to end at n = 2048 and 4096 on the CPU backend (release worker).
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=$(mktemp -d)
STATE=$(mktemp -d)
trap 'rm -rf "$OUT" "$STATE"' EXIT
WORKER=.build-pog/nicompute-pog
[ -x "$WORKER" ] || { echo "run 'make pog-worker' first" >&2; exit 1; }

echo "Running the ProofOfGPU benchmarks (release)…" >&2
swift package --package-path Benchmarks --allow-writing-to-directory "$OUT" \
  benchmark --target ProofOfGPUBench --format jmh --path "$OUT" --no-progress >&2

echo "OpenSSL SHA-256 on all cores…" >&2
openssl speed -seconds 3 -bytes 16384 -multi "$(nproc)" sha256 2>/dev/null > "$OUT/openssl.txt" || true

echo "The reference's verification (Python/numpy)…" >&2
.venv/bin/python scripts/bench/pog_reference_verify.py 16384 2 > "$OUT/reference.json"

echo "nicompute-pog compute, end to end…" >&2
python3 - "$WORKER" "$STATE" > "$OUT/compute.txt" <<'PY'
import subprocess, sys, time
worker, state = sys.argv[1], sys.argv[2]
for n in (2048, 4096):
    for run in range(1, 4):
        request = '{"n": %d, "seeds": [{"gpu": 0, "a": "%d", "b": "%d"}]}' % (n, run, run + 7)
        start = time.perf_counter()
        subprocess.run([worker, "compute", "--backend", "cpu", "--state-dir", state], input=request.encode(),
                       stdout=subprocess.DEVNULL, check=True)
        print(n, time.perf_counter() - start)
PY

python3 - "$OUT" <<'PY'
import glob, json, os, re, sys
out = sys.argv[1]
ours = {}
for path in glob.glob(os.path.join(out, "*.jmh*")):
    for element in json.load(open(path)):
        ours[element["benchmark"].split("ProofOfGPUBench.", 1)[-1].replace("_", " ")] = element["primaryMetric"]["score"]
def find(prefix):
    return next(v for k, v in ours.items() if k.startswith(prefix))
merkle_gbs = 64 * 2**20 * find("merkle") / 1e9
generation = 4096 * 4096 * find("generation")
verify_s = 1 / find("verify")
text = open(os.path.join(out, "openssl.txt")).read()
match = re.search(r"^sha256\s.*?([\d.]+)k\s*$", text, re.M)
openssl_gbs = float(match.group(1)) * 1000 / 1e9 if match else float("nan")
reference = json.load(open(os.path.join(out, "reference.json")))["seconds_per_cell"]
compute = {}
for line in open(os.path.join(out, "compute.txt")):
    n, seconds = line.split()
    compute.setdefault(int(n), []).append(float(seconds))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"Machine: {cpu}, {os.cpu_count()} cores\n")
print("| measure | ours | peer on this machine | ratio |")
print("|---|---:|---:|---:|")
print(f"| Merkle construction, n = 4096 | {merkle_gbs:.2f} GB/s | OpenSSL SHA-256, all cores: {openssl_gbs:.2f} GB/s | {merkle_gbs / openssl_gbs:.2f} |")
print(f"| generation | {generation / 1e6:,.0f} M values/s | — | — |")
print(f"| verification of one cell, n = 16384 | {verify_s * 1e3:.2f} ms | reference (Python): {reference:.2f} s | {reference / verify_s:,.0f}× faster |")
for n, runs in sorted(compute.items()):
    print(f"| `compute` end to end, n = {n}, CPU backend | {min(runs):.2f} s (best of {len(runs)}) | — | — |")
PY
