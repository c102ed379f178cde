#!/usr/bin/env bash
# Makes a container engine with the Docker Engine API available to miners and their tests, and
# the SSH base image that rental containers start from. Idempotent: each step is skipped when
# its result is already there. Also the rental network and the firewall rules that keep rentals
# off the host (make_rental_network).
#
#   scripts/container-engine.sh            engine + base image; prints the socket as DOCKER_HOST
#
# A machine that already runs Docker (DOCKER_HOST set, or /var/run/docker.sock answering) is
# used as it is. Otherwise Debian's Podman serves the Docker API on /run/podman/podman.sock.
# No registry is needed: the base image is a Debian root filesystem made with debootstrap,
# with OpenSSH, imported as $NICOMPUTE_SSH_IMAGE (default nicompute-ssh:bookworm). GPU miners
# build theirs from a CUDA image instead (README, "Running a miner").
set -euo pipefail

IMAGE="${NICOMPUTE_SSH_IMAGE:-nicompute-ssh:bookworm}"
# The base image's content version (label io.nicompute.image): 2 added python3 and NumPy, which
# v2.2 reference validators run their scripts with (PyTorch on GPU images; NumPy stands in here);
# 3 added xz, which our validator uploads its worker with (the reference's SSH image has it
# through build-essential). An image of another version is rebuilt.
IMAGE_VERSION=3
ROOTFS_PACKAGES=openssh-server,openssh-sftp-server,ca-certificates,procps,python3,python3-numpy,xz-utils
# The network every rental joins (the miner's --miner.network default) and its bridge.
RENTAL_NETWORK=nicompute-rentals
RENTAL_BRIDGE=nicompute0
RENTAL_SUBNET="${NICOMPUTE_RENTAL_SUBNET:-10.127.27.0/24}"
PODMAN_SOCKET=/run/podman/podman.sock
CACHE_DIR="${NICOMPUTE_CACHE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.cache}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

log() { echo "container-engine: $*" >&2; }

api_answers() { # $1: unix socket path
  [ -S "$1" ] && curl -sf --max-time 3 --unix-socket "$1" http://d/_ping >/dev/null 2>&1
}

socket_from_env() {
  case "${DOCKER_HOST:-}" in
    unix://*) echo "${DOCKER_HOST#unix://}" ;;
    *) echo "" ;;
  esac
}

# The `engine` group of scripts/host-requirements.txt: Podman and runc, catatonit (the init
# Podman runs as PID 1 for the miner's `Init: true`; --no-install-recommends leaves it out),
# debootstrap for the base image, and the SSH tools tests log in with.
install_packages() {
  "$(dirname "$0")/lib/host-packages.sh" engine container-engine
}

configure_podman() {
  # crun and the default ulimits fail inside this kind of sandbox; runc works.
  local conf=/etc/containers/containers.conf
  if ! grep -q "nicompute" "$conf" 2>/dev/null; then
    $SUDO mkdir -p /etc/containers
    printf '# written by nicompute scripts/container-engine.sh\n[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' \
      | $SUDO tee "$conf" >/dev/null
  fi
}

# A service whose working directory was deleted (started from a checkout since removed) still
# answers pings, but every conmon it spawns fails ("Failed to get working directory") and no
# container starts ("write child: broken pipe"). Such a service is replaced.
stop_stranded_service() {
  local pid
  for pid in $(pgrep -f "podman system service .*unix://$PODMAN_SOCKET" || true); do
    if $SUDO readlink "/proc/$pid/cwd" 2>/dev/null | grep -q ' (deleted)$'; then
      log "restarting the Podman API service (pid $pid): its working directory was deleted"
      $SUDO kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do $SUDO kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done
}

start_podman_service() {
  api_answers "$PODMAN_SOCKET" && return 0
  log "starting the Podman API service on $PODMAN_SOCKET"
  $SUDO mkdir -p "$(dirname "$PODMAN_SOCKET")"
  $SUDO rm -f "$PODMAN_SOCKET"
  # setsid: the service outlives this script and the make that ran it. From /, so it never
  # holds on to (or loses) the checkout it was started from. `exec`, so that no shell stays
  # behind as the service's parent: such a shell would hold this script's saved standard
  # output (the caller's $(…) pipe) open for as long as the service runs, and the caller
  # would wait forever.
  (cd / && exec $SUDO setsid podman system service --time=0 "unix://$PODMAN_SOCKET" >/tmp/nicompute-podman.log 2>&1 < /dev/null &)
  for _ in $(seq 1 50); do
    api_answers "$PODMAN_SOCKET" && return 0
    sleep 0.2
  done
  log "error: the Podman API service did not answer on $PODMAN_SOCKET (log: /tmp/nicompute-podman.log)"
  exit 1
}

image_present() { # $1: socket
  curl -sf --max-time 10 --unix-socket "$1" "http://d/images/${IMAGE}/json" >/dev/null 2>&1
}

image_current() { # $1: socket; true when the image is there at IMAGE_VERSION
  local inspect
  inspect="$(curl -sf --max-time 10 --unix-socket "$1" "http://d/images/${IMAGE}/json" 2>/dev/null)" || return 1
  python3 -c 'import json, sys; labels = json.load(sys.stdin).get("Config", {}).get("Labels") or {}; sys.exit(0 if labels.get("io.nicompute.image") == sys.argv[1] else 1)' \
    "$IMAGE_VERSION" <<<"$inspect"
}

build_base_image() { # $1: socket
  image_current "$1" && return 0
  if ! command -v podman >/dev/null; then
    # An operator's own image on Docker is theirs to keep; only ours is rebuilt.
    image_present "$1" && { log "warning: $IMAGE is not this script's version $IMAGE_VERSION (no python3?); keeping it"; return 0; }
    log "error: image $IMAGE is missing and only Podman can import it here"; exit 1
  fi
  local tarball="$CACHE_DIR/ssh-rootfs-bookworm-$IMAGE_VERSION.tar"
  if [ ! -s "$tarball" ]; then
    log "making a Debian bookworm root filesystem with OpenSSH, Python and NumPy (debootstrap, a minute or two)"
    local root
    root="$(mktemp -d)"
    $SUDO debootstrap --variant=minbase --include="$ROOTFS_PACKAGES" \
      bookworm "$root" http://deb.debian.org/debian >/tmp/nicompute-debootstrap.log 2>&1 \
      || { log "error: debootstrap failed (log: /tmp/nicompute-debootstrap.log)"; exit 1; }
    # Host keys are made per container at its first start, never shared through the image.
    $SUDO rm -f "$root"/etc/ssh/ssh_host_*
    mkdir -p "$CACHE_DIR"
    $SUDO tar -C "$root" -cf "$tarball.partial" .
    $SUDO mv "$tarball.partial" "$tarball"
    $SUDO rm -rf "$root"
  fi
  log "importing $IMAGE"
  $SUDO podman import -q --change 'CMD ["/usr/sbin/sshd","-D","-e"]' --change "LABEL io.nicompute.image=$IMAGE_VERSION" \
    "$tarball" "$IMAGE" >/dev/null
}

# A renter is root in a container on the operator's machine. On the engine's default bridge that
# root reaches every service the host listens on (its own addresses are one hop away) and the
# cloud's link-local metadata address, which hands out the machine's credentials. Rentals join
# a network of their own instead, and the host's firewall drops, from its bridge, every new
# connection to the host itself (replies to the renter's own SSH session are established, so
# they pass) and every packet to 169.254.0.0/16. The raw table, because the engines rewrite
# filter's FORWARD chain as they please; INPUT, because they leave it alone. The rules live in
# the kernel until a reboot: run this script at boot (docs: README, "Running a miner").
# RentalContainmentTests tries both from inside a rental.
firewall_rule() { # $1: table, $2: chain, the rest: the rule
  local table="$1" chain="$2"
  shift 2
  $SUDO iptables -w -t "$table" -C "$chain" "$@" 2>/dev/null || $SUDO iptables -w -t "$table" -I "$chain" 1 "$@"
}

make_rental_network() { # $1: socket
  local socket="$1" prefix answer
  if ! curl -sf --max-time 10 --unix-socket "$socket" "http://d/networks/$RENTAL_NETWORK" >/dev/null 2>&1; then
    prefix="${RENTAL_SUBNET%/*}"
    log "making the rental network $RENTAL_NETWORK ($RENTAL_SUBNET on bridge $RENTAL_BRIDGE)"
    answer="$(curl -s --max-time 30 --unix-socket "$socket" -X POST -H 'Content-Type: application/json' -d "{\"Name\": \"$RENTAL_NETWORK\",
      \"Driver\": \"bridge\", \"CheckDuplicate\": true, \"Options\": {\"com.docker.network.bridge.name\": \"$RENTAL_BRIDGE\"},
      \"Labels\": {\"io.nicompute.network\": \"rentals\"},
      \"IPAM\": {\"Driver\": \"default\", \"Config\": [{\"Subnet\": \"$RENTAL_SUBNET\", \"Gateway\": \"${prefix%.*}.1\"}]}}" \
      http://d/networks/create)"
    grep -q '"Id"' <<<"$answer" || { log "error: could not make the rental network $RENTAL_NETWORK: $answer"; exit 1; }
  fi
  firewall_rule filter INPUT -i "$RENTAL_BRIDGE" -m conntrack --ctstate NEW -m comment --comment "$RENTAL_NETWORK: no new connections to the host" -j DROP \
    || { log "error: could not add the firewall rule that keeps rentals off this host's services (iptables, as root)"; exit 1; }
  firewall_rule raw PREROUTING -i "$RENTAL_BRIDGE" -d 169.254.0.0/16 -m comment --comment "$RENTAL_NETWORK: no link-local (cloud metadata)" -j DROP \
    || { log "error: could not add the firewall rule that keeps rentals off link-local addresses (iptables, as root)"; exit 1; }
}

# Proves that the engine can run a rental container exactly as the miner makes it (the shape is
# scripts/engine/rental-probe.json, which MinerTests pins to RentalContainer.spec): an init as
# PID 1, memory and CPU limits, a published SSH port, the SSH image. A machine without, say,
# Podman's `catatonit` answers every ping and lists every image, yet refuses each rental; this
# is where that is found and named, not in the tests or the miner's first allocation.
probe_rental_container() { # $1: socket
  local socket="$1" name="nicompute-engine-probe-$$" port body answer id
  engine() { curl -s --max-time 60 --unix-socket "$socket" "$@"; }
  message() { sed -n 's/.*"message" *: *"\([^"]*\)".*/\1/p' <<<"$1" | head -1; }
  explain() { # $1: step, $2: the engine's answer
    local text
    text="$(message "$2")"
    [ -n "$text" ] || text="$2"
    log "error: the engine cannot run a rental container ($1): $text"
    case "$text" in
      *catatonit*|*container-init*|*docker-init*|*"init binary"*)
        log "  the miner starts every rental with Init: true; install the engine's init (Podman: Debian's catatonit; Docker: docker-init, shipped with docker-ce)" ;;
      *cgroup*|*memory*|*cpu*)
        log "  rentals carry memory and CPU limits; the engine's cgroup controllers must allow them" ;;
      *port*|*bind*|*address*)
        log "  rentals publish their SSH port on every host address; port $port could not be bound" ;;
      *"No such image"*|*"image not known"*)
        log "  the SSH base image $IMAGE is missing" ;;
    esac
    engine -X DELETE "http://d/containers/$name?force=true" >/dev/null 2>&1 || true
    exit 1
  }
  for id in $(engine "http://d/containers/json?all=true&filters=%7B%22label%22%3A%5B%22io.nicompute.probe%22%5D%7D" \
      | grep -o '"Id" *: *"[0-9a-f]*"' | grep -o '[0-9a-f]\{12,\}'); do
    engine -X DELETE "http://d/containers/$id?force=true" >/dev/null 2>&1 || true
  done
  port=$((20000 + RANDOM % 9000))
  body="$(sed -e "s|__IMAGE__|$IMAGE|" -e "s|__PORT__|$port|" "$(dirname "$0")/engine/rental-probe.json")"
  answer="$(engine -X POST -H 'Content-Type: application/json' -d "$body" "http://d/containers/create?name=$name")"
  grep -q '"Id"' <<<"$answer" || explain create "$answer"
  answer="$(engine -w '%{http_code}' -X POST "http://d/containers/$name/start")"
  [[ "$answer" == *204 || "$answer" == *304 ]] || explain start "${answer%???}"
  local banner=""
  for _ in $(seq 1 100); do
    banner="$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 4 <&3" 2>/dev/null || true)"
    [ "$banner" = "SSH-" ] && break
    sleep 0.2
  done
  [ "$banner" = "SSH-" ] || explain ssh "no SSH banner on 127.0.0.1:$port within 20 s; container log: $(engine "http://d/containers/$name/logs?stdout=true&stderr=true" | tr -cd '[:print:]\n' | tail -3)"
  # The miner sets each rental's credentials through an exec. An engine whose exec does not
  # enter the container (seen under a chroot with a PID namespace of its own but the host's
  # kernel view of processes) runs that command on the host instead: chpasswd would rewrite the
  # host's /etc/shadow. The probe's exec reads /etc/hostname, which the engine writes per
  # container, and stops here unless it is the container's.
  local hostname exec_id seen
  hostname="$(engine "http://d/containers/$name/json" | sed -n 's/.*"Hostname" *: *"\([^"]*\)".*/\1/p' | head -1)"
  answer="$(engine -X POST -H 'Content-Type: application/json' \
    -d '{"AttachStdout": true, "AttachStderr": true, "Tty": true, "Cmd": ["cat", "/etc/hostname"]}' "http://d/containers/$name/exec")"
  exec_id="$(grep -o '"Id" *: *"[0-9a-f]*"' <<<"$answer" | grep -o '[0-9a-f]\{12,\}')" || explain exec "$answer"
  seen="$(engine -X POST -H 'Content-Type: application/json' -d '{"Detach": false, "Tty": true}' "http://d/exec/$exec_id/start" | tr -d '\r\n')"
  [ -n "$hostname" ] && [ "$seen" = "$hostname" ] \
    || explain exec "an exec in the container read the hostname '${seen:-nothing}', not the container's '${hostname:-unknown}': the engine's exec does not enter the container's namespaces, and the miner's credentials step would change this machine instead"
  answer="$(engine -w '%{http_code}' -X POST "http://d/containers/$name/stop?t=5")"
  [[ "$answer" == *204 || "$answer" == *304 ]] || explain stop "${answer%???}"
  answer="$(engine -w '%{http_code}' -X DELETE "http://d/containers/$name?force=true")"
  [[ "$answer" == *204 ]] || explain remove "${answer%???}"
}

main() {
  local socket
  stop_stranded_service
  socket="$(socket_from_env)"
  if [ -n "$socket" ] && api_answers "$socket"; then
    :
  elif api_answers /var/run/docker.sock; then
    socket=/var/run/docker.sock
  else
    install_packages
    configure_podman
    start_podman_service
    socket="$PODMAN_SOCKET"
  fi
  command -v sshpass >/dev/null || install_packages
  build_base_image "$socket"
  make_rental_network "$socket"
  probe_rental_container "$socket"
  DOCKER_HOST_URL="unix://$socket"
}

# Everything but the socket goes to standard error: callers capture standard output.
main "$@" >&2
echo "$DOCKER_HOST_URL"
