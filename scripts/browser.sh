#!/usr/bin/env bash
# A headless browser for the dashboard's test: Debian's chromium, installed when missing.
# Idempotent and quiet when present; prints the browser's path.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
install_chromium() {
  echo "browser: installing chromium (headless dashboard checks)"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
}

# Everything but the path goes to standard error: callers capture standard output.
command -v chromium >/dev/null || install_chromium >&2
command -v chromium
