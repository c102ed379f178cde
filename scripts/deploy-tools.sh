#!/usr/bin/env bash
# Provides the deployment's real parts for the deployment test: Debian's HAProxy, Prometheus
# (with promtool) and systemd's unit checker, installed idempotently; their services are not started (the test runs its
# own instances with deploy/'s files). Prints where they are, comma-separated:
#
#   scripts/deploy-tools.sh  ->  /usr/sbin/haproxy,/usr/bin/prometheus,/usr/bin/promtool,/usr/bin/systemd-analyze
set -euo pipefail
"$(dirname "$0")/lib/host-packages.sh" deploy deploy-tools
for tool in /usr/sbin/haproxy /usr/bin/prometheus /usr/bin/promtool /usr/bin/systemd-analyze; do
  [ -x "$tool" ] || { echo "deploy-tools: $tool is missing after installing haproxy, prometheus and systemd" >&2; exit 1; }
done
echo "/usr/sbin/haproxy,/usr/bin/prometheus,/usr/bin/promtool,/usr/bin/systemd-analyze"
