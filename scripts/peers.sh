#!/usr/bin/env bash
# Provides the real peers that tests and devnet run against, and prints where they are as
# NAME=value words for `env`:
#
#   scripts/peers.sh engine postgres browser
#   ->  DOCKER_HOST=unix:///run/podman/podman.sock NICOMPUTE_TEST_POSTGRES=postgres://… NICOMPUTE_CHROMIUM=/usr/bin/chromium
#
#   engine     scripts/container-engine.sh  (DOCKER_HOST)
#   postgres   scripts/postgres.sh          (NICOMPUTE_TEST_POSTGRES)
#   browser    scripts/browser.sh           (NICOMPUTE_CHROMIUM)
#   deploy     scripts/deploy-tools.sh      (NICOMPUTE_DEPLOY_TOOLS: haproxy, prometheus, promtool)
#
# Each peer script starts servers that outlive it. Its answer is read from a file, never from a
# pipe: a server that inherited the pipe would keep it open and its reader waiting forever
# (CI once spent its whole time so). Each script gets a time limit, and its answer must be one
# word on one line, so that a stray message from a tool it ran is caught here, with the script
# named, instead of reaching the tests as part of a URL.
set -euo pipefail
cd "$(dirname "$0")/.."

LIMIT_S="${NICOMPUTE_PEER_LIMIT_S:-1800}" # first runs install packages and make an image
answers="$(mktemp -d)"
trap 'rm -rf "$answers"' EXIT

words=()
peer() { # $1: script, $2: variable; appends "$2=answer" to words
  local file="$answers/$2"
  if ! timeout "$LIMIT_S" "scripts/$1" >"$file" </dev/null; then
    echo "peers: scripts/$1 failed or ran past ${LIMIT_S} s (NICOMPUTE_PEER_LIMIT_S)" >&2
    exit 1
  fi
  local value
  value="$(cat "$file")"
  if [ -z "$value" ] || [ "$(wc -l <"$file")" -ne 1 ] || [[ "$value" =~ [[:space:]] ]]; then
    echo "peers: scripts/$1 must print one word on one line for $2; it printed:" >&2
    sed 's/^/  | /' "$file" >&2
    exit 1
  fi
  words+=("$2=$value")
}

[ $# -gt 0 ] || { echo "usage: scripts/peers.sh engine|postgres|browser|deploy…" >&2; exit 2; }
for name in "$@"; do
  case "$name" in
    engine) peer container-engine.sh DOCKER_HOST ;;
    postgres) peer postgres.sh NICOMPUTE_TEST_POSTGRES ;;
    browser) peer browser.sh NICOMPUTE_CHROMIUM ;;
    deploy) peer deploy-tools.sh NICOMPUTE_DEPLOY_TOOLS ;;
    *) echo "peers: unknown peer '$name' (engine, postgres, browser or deploy)" >&2; exit 2 ;;
  esac
done
echo "${words[*]}"
