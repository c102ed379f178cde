#!/usr/bin/env bash
# Creates .venv with the pinned Python Bittensor SDK used as the real peer in interoperability
# tests. Idempotent: a stamp file records the pin set; nothing happens when it matches.
set -euo pipefail

cd "$(dirname "$0")/.."
# Debian's python3 has no venv module without python3-venv (a fresh machine with only the
# Swift toolchain has python3, pulled in by LLDB, and nothing more).
scripts/lib/host-packages.sh python python-env
VENV=.venv
PINS="bittensor==9.0.0 async-substrate-interface==1.0.3 bittensor-wallet==3.0.4 scalecodec==1.2.11 bt-decode==0.5.0a2 bittensor-commit-reveal==0.2.0 bittensor-drand==2.0.0 py_ecc==8.0.0 paramiko==3.4.1"
STAMP="$VENV/.nicompute-pins"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$PINS" ] && "$VENV/bin/python" -c "import bittensor_wallet" 2>/dev/null; then
  exit 0
fi

echo "Setting up the Python Bittensor SDK environment in $VENV (bittensor 9.0.0, bittensor-wallet 3.0.4)"
PYTHON=${PYTHON:-python3}
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check $PINS
echo "$PINS" > "$STAMP"
