#!/usr/bin/env bash
# Makes a PostgreSQL server available for the Register API's tests and benchmarks: Debian's
# `postgresql`, its cluster started, and a role that may create databases. Idempotent: each
# step is skipped when its result is already there. Prints the URL of the role's maintenance
# database; tests create a database of their own beside it.
#
#   scripts/postgres.sh     ->  postgres://nicompute:nicompute@127.0.0.1:5432/postgres
set -euo pipefail

ROLE="${NICOMPUTE_PG_ROLE:-nicompute}"
PASSWORD="${NICOMPUTE_PG_PASSWORD:-nicompute}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

log() { echo "postgres: $*" >&2; }

install_packages() {
  "$(dirname "$0")/lib/host-packages.sh" postgres postgres
}

# The first cluster Debian made (e.g. "15 main"); one is created when there is none.
cluster() {
  local found
  found=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1, $2}')
  if [ -z "$found" ]; then
    local version
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    log "creating cluster $version main"
    $SUDO pg_createcluster "$version" main >/dev/null
    found="$version main"
  fi
  echo "$found"
}

start_cluster() { # $1 version $2 name
  if pg_lsclusters --no-header | awk -v v="$1" -v n="$2" '$1==v && $2==n {print $4}' | grep -q online; then return 0; fi
  log "starting cluster $1 $2"
  $SUDO pg_ctlcluster "$1" "$2" start
}

port_of() { # $1 version $2 name
  pg_lsclusters --no-header | awk -v v="$1" -v n="$2" '$1==v && $2==n {print $3}'
}

ensure_role() { # $1 port
  local sql="DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
      CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD';
    END IF; END \$\$;"
  $SUDO runuser -u postgres -- psql -q -p "$1" -v ON_ERROR_STOP=1 -c "$sql" >/dev/null
}

# Everything but the URL goes to standard error: callers capture standard output, and tools
# print there too (pg_ctlcluster says "Removed stale pid file." after a server was killed).
main() {
  install_packages
  read -r version name < <(cluster)
  start_cluster "$version" "$name"
  port=$(port_of "$version" "$name")
  for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.2
  done
  pg_isready -q -h 127.0.0.1 -p "$port" || { log "error: PostgreSQL $version/$name does not answer on 127.0.0.1:$port"; exit 1; }
  ensure_role "$port"
  URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$port/postgres"
}

main >&2
echo "$URL"
