#!/usr/bin/env bash
# Creates the private CA and certificates for Temporal mTLS on the single-host Compose stack:
#   ca.pem                      trust anchor for every party
#   server.pem / server.key     Temporal frontend + internode (SAN: temporal, localhost)
#   client.pem / client.key     SmartClinix API/worker/MLLP, Temporal UI and admin tools
#   mllp.pem / mllp.key         the MLLP listener's TLS server certificate (SAN: MLLP_HOSTNAME,
#                               default localhost); laboratories trust ca.pem
# Usage: deploy/compose/scripts/gen-certs.sh [out-dir]   (default deploy/compose/certs)
# Existing files are kept unless FORCE=1, so re-running never rotates certificates by accident.
# In Kubernetes, cert-manager issues these instead (deploy/k8s/temporal/values.yaml).
set -euo pipefail

out="${1:-$(cd "$(dirname "$0")/.." && pwd)/certs}"
days="${CERT_DAYS:-397}"
mkdir -p "$out"
cd "$out"

if [ -f ca.pem ] && [ "${FORCE:-0}" != 1 ]; then
  echo "certificates already present in $out (FORCE=1 to replace)"
  exit 0
fi

umask 077
openssl req -x509 -newkey rsa:4096 -sha256 -nodes -days 3650 \
  -subj "/CN=SmartClinix Temporal CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout ca.key -out ca.pem 2>/dev/null

issue() { # issue <name> <CN> <extendedKeyUsage> [subjectAltName]
  local name="$1" cn="$2" eku="$3" san="${4:-}"
  local ext
  ext="$(mktemp)"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [ -n "$san" ] && echo "subjectAltName=$san"
  } > "$ext"
  openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$cn" -keyout "$name.key" -out "$name.csr" 2>/dev/null
  openssl x509 -req -sha256 -days "$days" -in "$name.csr" -CA ca.pem -CAkey ca.key \
    -CAcreateserial -extfile "$ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$ext"
}

# Internode traffic uses the server certificate in both directions, hence clientAuth too.
issue server temporal "serverAuth,clientAuth" "DNS:temporal,DNS:localhost,IP:127.0.0.1"
issue client smartclinix-client "clientAuth"
issue mllp "${MLLP_HOSTNAME:-localhost}" "serverAuth" "DNS:${MLLP_HOSTNAME:-localhost}"

# The containers run as uid 1000 (node, temporal); they must read the keys through the bind mount.
# Keep the CA key off the stack: it is only needed to issue new certificates.
chmod 0644 ./*.pem client.key server.key mllp.key
chmod 0600 ca.key
rm -f ca.srl
echo "wrote CA, Temporal server/client and MLLP certificates to $out (valid $days days; rotate before expiry)"
