#!/usr/bin/env bash
# Checks that this machine has what the project uses from the host, and that the project's own
# scripts are what put it there. Run by `make test` after the peers are set up, before the suite.
#
#   1. Every host program or path that Sources/, Tests/, scripts/ or the Makefile names is listed
#      in scripts/host-requirements.txt (else: "used but not listed").
#   2. Every listed package belongs to a group whose script installs it, and every listed
#      program or path of an installed group is on this machine (else: "listed but missing").
#
# A program that this machine has by accident (installed by hand, or by an earlier project)
# passes the second check here and fails on a fresh machine; the first check is what catches
# it everywhere: a new use must be listed, and a listed package is installed by its script.
set -euo pipefail
cd "$(dirname "$0")/.."
LIST=scripts/host-requirements.txt
errors=0
fail() { echo "check-host: $*" >&2; errors=$((errors + 1)); }

# What is listed: every "used as" word of every entry, and the groups' scripts.
# A lookup table, not `printf | grep -q`: under pipefail, grep -q leaving at the first match
# kills printf with SIGPIPE and the pipeline reads as "not listed" on larger lists.
declare -A listed=()
while read -r word; do listed["$word"]=1; done < <(awk '!/^#/ && NF >= 3 { for (i = 3; i <= NF; i++) print $i }' "$LIST" | sort -u)
is_listed() { [ -n "${listed[$1]+x}" ]; }

# 1. Uses named in the sources. Absolute paths under the system's program folders in Swift
#    string literals, scripts and the Makefile; programs run by name: `command -v NAME`,
#    `.../bin/env NAME`-style first arguments in the tests, and tools the scripts call directly.
uses=$(
  {
    grep -rhoE '"/(usr/(local/)?)?s?bin/[A-Za-z0-9_.+-]+"|"/usr/libexec/[A-Za-z0-9_./+-]+"' Sources Tests | tr -d '"'
    grep -rhoE '(^|[[:space:]"(])/(usr/(local/)?)?s?bin/[A-Za-z0-9_.+-]+|/usr/libexec/[A-Za-z0-9_./+-]+' scripts Makefile \
      --include='*.sh' --include=Makefile --exclude=check-host.sh | grep -oE '/[A-Za-z0-9_./+-]+$' | grep -v '^/usr/bin/env$'
    grep -rhoE 'command -v [A-Za-z0-9_.+-]+' scripts Makefile --include='*.sh' --include=Makefile --exclude=check-host.sh | awk '{print $3}'
    grep -rhoE '^\s*(\$SUDO |\$\(|exec )?(podman|runc|debootstrap|curl|sshpass|ssh|ssh-keygen|psql|pg_lsclusters|pg_ctlcluster|pg_createcluster|pg_isready|runuser|setsid|timeout|strip|openssl|chromium|tar|pgrep|dpkg-query|apt-get|sha256sum|mktemp)\b' \
      scripts Makefile --include='*.sh' --include=Makefile --exclude=check-host.sh | grep -oE '[A-Za-z0-9_.+-]+$'
  } | grep -vE '^\$' | sort -u
)
for use in $uses; do
  is_listed "$use" || fail "'$use' is used but not listed in $LIST (add it with its Debian package and the group that installs it)"
done

# 2. What is listed, checked against this machine and the installing scripts.
script_of() {
  case "$1" in
    build) echo scripts/install-system-packages.sh ;;
    python) echo scripts/setup-python-env.sh ;;
    engine) echo scripts/container-engine.sh ;;
    postgres) echo scripts/postgres.sh ;;
    browser) echo scripts/browser.sh ;;
    deploy) echo scripts/deploy-tools.sh ;;
    bench) echo scripts/bench/api-resources.sh ;;
    dev) echo scripts/dev/fresh-machine.sh ;;
    base|image|operator|toolchain) echo "" ;;
    *) echo "?" ;;
  esac
}
while read -r group package rest; do
  case "$group" in ''|'#'*) continue ;; esac
  script="$(script_of "$group")"
  [ "$script" != "?" ] || { fail "$package: unknown group '$group'"; continue; }
  if [ -n "$script" ]; then
    grep -qE "host-packages\.sh\"? $group( |\$)" "$script" || fail "$package: $script does not install group '$group'"
  fi
  case "$group" in
    image)
      # Made inside the base image by debootstrap --include="$ROOTFS_PACKAGES"
      grep -qE -- "^ROOTFS_PACKAGES=([^ ]*,)?$package(,|\$)" scripts/container-engine.sh \
        && grep -q -- '--include="$ROOTFS_PACKAGES"' scripts/container-engine.sh \
        || fail "$package: not in the SSH image's debootstrap --include (ROOTFS_PACKAGES)" ;;
    operator|bench|dev) ;;
    toolchain)
      for use in $rest; do command -v "$use" >/dev/null || fail "$use: the Swift toolchain is not on PATH"; done ;;
    *)
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || fail "$package ($group): not installed; $([ -n "$script" ] && echo "$script should have installed it" || echo "Debian always has it")"
      for use in $rest; do
        if [[ "$use" == /* ]]; then
          [ -e "$use" ] || fail "$use ($package, $group): missing"
        else
          command -v "$use" >/dev/null || fail "$use ($package, $group): not on PATH"
        fi
      done ;;
  esac
done <"$LIST"

if [ "$errors" -gt 0 ]; then
  echo "check-host: $errors problem(s); see $LIST" >&2
  exit 1
fi
echo "check-host: $(awk '!/^#/ && NF >= 3' "$LIST" | wc -l) host requirements listed and present, $(wc -w <<<"$uses") uses found in the sources" >&2
