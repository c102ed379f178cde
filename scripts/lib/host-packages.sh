#!/usr/bin/env bash
# Installs the Debian packages of one group of scripts/host-requirements.txt, idempotently:
# nothing is printed or touched when all are present.
#
#   scripts/lib/host-packages.sh GROUP [LOG_PREFIX]
#
# Messages go to standard error, so callers that print an answer on standard output can run it.
set -euo pipefail
GROUP="${1:?usage: host-packages.sh GROUP [LOG_PREFIX]}"
PREFIX="${2:-$GROUP}"
LIST="$(cd "$(dirname "$0")/.." && pwd)/host-requirements.txt"

mapfile -t packages < <(awk -v g="$GROUP" '!/^#/ && $1 == g {print $2}' "$LIST")
[ ${#packages[@]} -gt 0 ] || { echo "$PREFIX: no packages listed for group '$GROUP' in $LIST" >&2; exit 2; }

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "$PREFIX: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
