#!/usr/bin/env bash
# A headless browser for the dashboard's test: Debian's chromium, installed when missing.
# Idempotent and quiet when present; prints the browser's path.
set -euo pipefail
# Everything but the path goes to standard error: callers capture standard output.
"$(dirname "$0")/lib/host-packages.sh" browser browser >&2
command -v chromium
