#!/usr/bin/env bash
# Makes the certificates for the Register API's mutual TLS, like the reference's cert/gen_ca.sh:
# a root CA, a server certificate for the API and a client certificate for renters (also as a
# PKCS#12 bundle for browsers). Keys are RSA 4096 and never leave the output directory (0700).
#
#   scripts/make-certs.sh DIR [IP_OR_NAME ...]
#
# The server certificate names 127.0.0.1, 0.0.0.0, localhost and every IP_OR_NAME given.
# Then:
#   nicompute api --tls.cert DIR/server.cer --tls.key DIR/server.key --tls.client-ca DIR/ca.cer
#   curl --cacert DIR/ca.cer --cert DIR/client.cer --key DIR/client.key https://127.0.0.1:8903/
# The PKCS#12 bundle's passphrase is random, written to DIR/client.p12.pass.
# Unlike the reference, the CA key has no fixed passphrase: keep DIR/ca.key offline.
set -euo pipefail

if [ $# -lt 1 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
dir=$1; shift
command -v openssl >/dev/null || { echo "make-certs: openssl is needed (Debian: apt-get install openssl)" >&2; exit 1; }
for existing in ca.key server.key client.key; do
  [ -e "$dir/$existing" ] && { echo "make-certs: $dir/$existing exists; refusing to overwrite keys (use another directory)" >&2; exit 1; }
done
mkdir -p "$dir"
chmod 700 "$dir"
umask 077

san="IP:127.0.0.1,IP:0.0.0.0,DNS:localhost"
for name in "$@"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then san="$san,IP:$name"; else san="$san,DNS:$name"; fi
done

openssl req -x509 -newkey rsa:4096 -nodes -sha256 -days 365 -keyout "$dir/ca.key" -out "$dir/ca.cer" \
  -subj "/C=US/ST=NY/CN=ca.neuralinternet.ai/O=NI" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

issue() { # $1 name, $2 CN, $3 serial, $4 extendedKeyUsage
  openssl req -newkey rsa:4096 -nodes -sha256 -keyout "$dir/$1.key" -out "$dir/$1.csr" -subj "/C=US/ST=NY/CN=$2/O=NI" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\nsubjectAltName=%s\n' "$4" "$san" \
    > "$dir/$1.ext"
  openssl x509 -req -in "$dir/$1.csr" -CA "$dir/ca.cer" -CAkey "$dir/ca.key" -set_serial "$3" -days 365 -sha256 \
    -extfile "$dir/$1.ext" -out "$dir/$1.cer" 2>/dev/null
  rm -f "$dir/$1.csr" "$dir/$1.ext"
}
issue server server.neuralinternet.ai 100 serverAuth
issue client client.neuralinternet.ai 101 clientAuth

passphrase=$(openssl rand -hex 16)
printf '%s\n' "$passphrase" > "$dir/client.p12.pass"
openssl pkcs12 -export -in "$dir/client.cer" -inkey "$dir/client.key" -certfile "$dir/ca.cer" -out "$dir/client.p12" \
  -passout "pass:$passphrase" 2>/dev/null

echo "made in $dir: ca.cer ca.key server.cer server.key client.cer client.key client.p12 (passphrase in client.p12.pass)"
echo "  nicompute api --tls.cert $dir/server.cer --tls.key $dir/server.key --tls.client-ca $dir/ca.cer"
