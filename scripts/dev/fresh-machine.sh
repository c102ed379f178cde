#!/usr/bin/env bash
# Runs a make target (default: `make test`) from a clean clone of this checkout's HEAD on a fresh
# Debian 12, as a newcomer would: a new root filesystem with nothing but what the Swift toolchain
# needs (swift.org's list for Debian 12) and `make`, in network and mount namespaces of its own,
# so nothing this machine installed by hand or is running (PostgreSQL on 5432, a Podman service,
# a Python environment) can hide a missing install step.
#
#   scripts/dev/fresh-machine.sh            # make test in a fresh root
#   scripts/dev/fresh-machine.sh devnet-check  # make devnet until both miners are scored
#   scripts/dev/fresh-machine.sh engine     # any other make target
#   NICOMPUTE_FRESH_KEEP=1 …                # keep the root afterwards (for a look inside)
#
# Needs root and, on this machine, debootstrap, slirp4netns and unshare (installed here, the
# `dev` group of scripts/host-requirements.txt). The toolchain is this machine's (`swift` on
# PATH), mounted read-only at the same path. Where the machine reaches package registries only
# through local settings (an apt or pip proxy, a CA bundle, a wheel folder, SwiftPM's repository
# cache standing in for the package hosts), those settings are copied in; nothing else is.
# Takes about as long as a first `make test` plus two minutes; the base root is cached in
# $NICOMPUTE_FRESH_DIR (default /var/tmp/nicompute-fresh) and each run starts from a new copy.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
TARGET="${1:-test}"
DIR="${NICOMPUTE_FRESH_DIR:-/var/tmp/nicompute-fresh}"
BASE="$DIR/bookworm-swift-deps.tar"
ROOT="$DIR/root"
log() { echo "fresh-machine: $*" >&2; }

[ "$(id -u)" -eq 0 ] || { log "run as root (it makes a root filesystem and namespaces)"; exit 1; }
SWIFT_BIN="$(command -v swift)" || { log "the Swift toolchain ('swift') is not on PATH"; exit 1; }
TOOLCHAIN="$(dirname "$(dirname "$(dirname "$(readlink -f "$SWIFT_BIN")")")")" # …/usr/bin/swift → …
"$REPO/scripts/lib/host-packages.sh" dev fresh-machine

# Debian 12's packages that swift.org lists for the toolchain, and make for the README's command.
SWIFT_DEPS=binutils,git,gnupg2,libc6-dev,libcurl4-openssl-dev,libedit2,libgcc-12-dev,libpython3-dev,libsqlite3-0,libstdc++-12-dev,libxml2-dev,libz3-dev,pkg-config,python3-lldb-13,tzdata,unzip,zlib1g-dev,ca-certificates,make

mkdir -p "$DIR"
if [ ! -s "$BASE" ]; then
  log "making the base root filesystem (debootstrap bookworm + the toolchain's dependencies)"
  tmp="$(mktemp -d "$DIR/base.XXXX")"
  chmod 0755 "$tmp"
  debootstrap --variant=minbase --include="$SWIFT_DEPS" bookworm "$tmp" http://deb.debian.org/debian \
    >"$DIR/debootstrap.log" 2>&1 || { log "debootstrap failed: $DIR/debootstrap.log"; exit 1; }
  tar -C "$tmp" -cf "$BASE.partial" . && mv "$BASE.partial" "$BASE"
  rm -rf "$tmp"
fi

cleanup() {
  [ -n "${SLIRP:-}" ] && kill "$SLIRP" 2>/dev/null || true
  if [ "${NICOMPUTE_FRESH_KEEP:-0}" != 1 ]; then rm -rf "$ROOT"; else log "kept $ROOT"; fi
}
trap cleanup EXIT
rm -rf "$ROOT"
mkdir -p "$ROOT"
tar -C "$ROOT" -xf "$BASE"
# mktemp made the base's top folder 0700 and tar restores that onto the root: every user but
# root (postgres, _apt) could then reach nothing. A machine's / is 0755.
chmod 0755 "$ROOT"

# Registry access as this machine has it: apt and pip settings, the CA bundle, a wheel folder,
# DNS, and SwiftPM's repository cache (the package hosts may be out of reach here).
cp /etc/apt/apt.conf.d/99* "$ROOT/etc/apt/apt.conf.d/" 2>/dev/null || true
cp /etc/pip.conf "$ROOT/etc/pip.conf" 2>/dev/null || true
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt"
[ -d /opt/wheels ] && mkdir -p "$ROOT/opt/wheels" && cp -a /opt/wheels/. "$ROOT/opt/wheels/"
echo "nameserver 10.0.2.3" >"$ROOT/etc/resolv.conf"
[ -d "$HOME/.cache/org.swift.swiftpm" ] && mkdir -p "$ROOT/root/.cache" && cp -a "$HOME/.cache/org.swift.swiftpm" "$ROOT/root/.cache/"
mkdir -p "$ROOT$TOOLCHAIN"

log "cloning $(git -C "$REPO" rev-parse --short HEAD) into the fresh root"
git clone -q --no-local "$REPO" "$ROOT/root/nicompute"
# The read-only shared material (fixtures the tests read) sits beside the checkout, as in CI.
SHARED="${NICOMPUTE_SHARED:-$REPO/../shared}"
[ -d "$SHARED" ] || { log "no shared material at $SHARED (set NICOMPUTE_SHARED)"; exit 1; }
cp -a "$SHARED/." "$ROOT/root/shared/" 2>/dev/null || { mkdir -p "$ROOT/root/shared" && cp -a "$SHARED/." "$ROOT/root/shared/"; }

# The run: new mount, network, PID and UTS namespaces. Inside, loopback comes up and slirp4netns
# (started from outside once the namespace exists) gives it a NATed route to the registries.
ready="$DIR/ready"
rm -f "$ready"
inner=$(cat <<INNER
set -e
ip link set lo up 2>/dev/null || true
for _ in \$(seq 1 100); do [ -e "$ready" ] && break; sleep 0.1; done
# The root a machine boots is a mount point; Podman remounts it (private, recursive) to unpack
# image layers, which fails on a plain directory.
mount --bind "$ROOT" "$ROOT"
mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys"
mount --rbind /dev "$ROOT/dev"
mount -t tmpfs tmpfs "$ROOT/run"
mount -t tmpfs tmpfs "$ROOT/tmp"
mount --bind -o ro "$TOOLCHAIN" "$ROOT$TOOLCHAIN"
# pivot_root, not chroot: the fresh root must be the root of its mount namespace. Under a chroot
# the namespace's root stays this machine's /, every container's mount namespace (a copy)
# carries it, and joining one (docker exec, nsenter) lands in this machine's files: the miner's
# chpasswd once rewrote this machine's /etc/shadow that way. The engine probe
# (scripts/container-engine.sh) now refuses such an engine anywhere.
cd "$ROOT"
mkdir -p .old-root
pivot_root . .old-root
umount -l /.old-root
rmdir /.old-root
exec /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
  PATH="$(dirname "$SWIFT_BIN"):/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  PIP_FIND_LINKS="\${PIP_FIND_LINKS:-}" PIP_CERT=/etc/ssl/certs/ca-certificates.crt CI=true \
  /bin/bash -c "cd /root/nicompute && make $TARGET"
INNER
)
log "running 'make $TARGET' in the fresh root (log: $DIR/run.log)"
set +e
unshare --mount --net --pid --uts --fork --propagation private bash -c "$inner" >"$DIR/run.log" 2>&1 &
runner=$!
for _ in $(seq 1 100); do
  child=$(pgrep -P "$runner" | head -1)
  [ -n "$child" ] && break
  sleep 0.1
done
slirp4netns --configure --mtu=65520 --disable-host-loopback "$child" tap0 >"$DIR/slirp.log" 2>&1 &
SLIRP=$!
sleep 1
touch "$ready"
wait "$runner"
status=$?
set -e
tail -25 "$DIR/run.log" >&2
log "make $TARGET exited $status in the fresh root (whole log: $DIR/run.log)"
exit "$status"
