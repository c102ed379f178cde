#!/usr/bin/env bash
# A headless browser for the dashboard's test: Debian's chromium, installed when missing.
# Idempotent and quiet when present; prints the browser's path.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v chromium >/dev/null; then
  echo "browser: installing chromium (headless dashboard checks)" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
command -v chromium
