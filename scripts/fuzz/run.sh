#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that read outside bytes (Fuzz/: libFuzzer through the
# Swift toolchain's -sanitize=fuzzer, with AddressSanitizer), RUNS inputs per target.
#   scripts/fuzz/run.sh 10000000     # `make fuzz`: 10 million inputs per target
#   scripts/fuzz/run.sh 20000        # `make test`: a short slice of each
# Each target starts from its seed corpus (Fuzz/Corpus/<target>, real inputs: a Python
# dendrite's headers, synapse bodies, recorded chain values) and keeps what it learns in
# .build-fuzz/corpus. A crash, a trap, an input slower than 10 s (a hang) or one taking more than
# 2 GiB fails the run, with the input in .build-fuzz/artifacts/<target>/ to reproduce it
# (`.build-fuzz/release/<target> <file>`). Prints one line of figures per target.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${1:-20000}
case "$RUNS" in ''|*[!0-9]*) echo "usage: $0 [inputs per target]" >&2; exit 2 ;; esac
TARGETS=${FUZZ_TARGETS:-"FuzzSCALE FuzzOrderedJSON FuzzSynapseHeaders FuzzMetadata"}
SCRATCH=.build-fuzz

mkdir -p "$SCRATCH"
swift build -c release --package-path Fuzz --scratch-path "$SCRATCH" --sanitize address -Xswiftc -sanitize=fuzzer >"$SCRATCH/build.log" 2>&1 \
  || { grep -E "error" "$SCRATCH/build.log" >&2; echo "fuzz: the fuzz targets do not build (log: $SCRATCH/build.log)" >&2; exit 1; }

# The recorded subtensor metadata that FuzzMetadata decodes values with.
SHARED=${NICOMPUTE_SHARED:-../shared}
METADATA="$SCRATCH/metadata-v15.scale"
python3 - "$SHARED/fixtures/subtensor-golden.json" "$METADATA" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["metadata"]["v15_hex"]
open(sys.argv[2], "wb").write(bytes.fromhex(data[2:] if data.startswith("0x") else data))
PY
export NICOMPUTE_FUZZ_METADATA="$PWD/$METADATA"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

status=0
for target in $TARGETS; do
  corpus="$SCRATCH/corpus/$target" artifacts="$SCRATCH/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  log="$SCRATCH/$target.log"
  started=$(date +%s)
  if "$SCRATCH/release/$target" -runs="$RUNS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
       -artifact_prefix="$artifacts" "$corpus" "Fuzz/Corpus/$target" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
  fi
  seconds=$(( $(date +%s) - started ))
  done_line=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$log" | tail -1 || true)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$done_line")
  speed=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log" | tail -1)
  echo "fuzz: $target: $result, $RUNS inputs in ${seconds} s (${speed:-?}/s), coverage ${cov:-?} edges, corpus $(ls "$corpus" | wc -l)"
  if [ "$result" != ok ]; then
    grep -E "ERROR|SUMMARY|Fatal error|deadly signal|Test unit written" "$log" | head -8 >&2 || true
  fi
done
exit $status
