#!/bin/sh
# /docker-entrypoint.d/ script for the nginx image: with no certificate in TLS_DIR yet (first start,
# before certbot ran), write a self-signed one valid for a day so nginx can start and answer the
# ACME challenge on port 80. certbot's deploy hook replaces it (docs/deploy/docker.md).
set -eu
dir="${TLS_DIR:-/etc/nginx/tls}"
if [ -s "$dir/fullchain.pem" ] && [ -s "$dir/privkey.pem" ]; then exit 0; fi
mkdir -p "$dir"
openssl req -x509 -nodes -newkey rsa:2048 -days 1 -subj "/CN=${SERVER_NAME:-localhost}" \
  -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null
echo "$0: no certificate in $dir; wrote a self-signed one for ${SERVER_NAME:-localhost} until certbot replaces it"
