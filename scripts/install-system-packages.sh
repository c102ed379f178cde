#!/usr/bin/env bash
# Installs the Debian packages the project builds and tests against (the `build` group of
# scripts/host-requirements.txt). Idempotent and quiet: when everything is already present it
# prints nothing and touches nothing.
set -euo pipefail
exec "$(dirname "$0")/lib/host-packages.sh" build "Installing system packages"
