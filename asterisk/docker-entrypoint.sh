#!/bin/sh
# Donorline — Asterisk container entrypoint: writes the secret and site-specific configuration
# that is never committed into $GENERATED_DIR (a volume), then starts Asterisk in the foreground.
# The committed *.conf files pull these in with #tryinclude.
#
#   AMI_SECRET          AMI user "donorline" (the bridge)                             required
#   ARI_BRIDGE_SECRET   ARI user "donorline-bridge" (read-only)                        required
#   ARI_IVR_SECRET      ARI user "donorline-ivr"                                       required
#   PUBLIC_ADDRESS      public IP/host for SIP and SDP towards the carrier (NAT)       optional
#   CARRIER_HOST        the carrier's SIP server; no trunk is configured without it    optional
#   CARRIER_PORT        default 5060
#   CARRIER_USERNAME / CARRIER_PASSWORD   digest credentials of the trunk              optional
#   CARRIER_REGISTER    yes (default) to register to the carrier, no for an IP trunk
#   CARRIER_MATCH       address(es) the carrier calls from (default CARRIER_HOST)
#   AMI_BIND_ADDRESS    where AMI listens (default 127.0.0.1: bridge on the same host)
#   AMI_PERMIT          networks the AMI user may log in from, besides 127.0.0.1 (CIDR list)
#   ARI_BIND_ADDRESS    where HTTP/ARI listens (default 127.0.0.1)
#   PHONE_PERMIT        networks agents' phones may use besides private ranges and 127/8 (CIDR)
#   SIP_BIND_ADDRESS    address:port of the UDP and TCP SIP transports (default 0.0.0.0:5060)
#   WEBRTC              1 = serve the desk's softphone: TLS WebSocket on HTTPS_BIND_ADDRESS
#   HTTPS_BIND_ADDRESS  default 0.0.0.0:8089 (wss://<host>:8089/ws)
#   WEBRTC_CERT / WEBRTC_KEY  PEM certificate and key for it; without them a self-signed pair is
#                       generated once (development only: browsers must be told to trust it)
#   SOFTPHONE_SECRET    derives the SIP passwords of softphone seats 8501–8550 (the bridge derives
#                       the same to hand a seat's password to its agent's desk); none: random
#
# Agents' SIP passwords (8001–8050) are random, generated once and kept in
# $GENERATED_DIR/agents.passwords (mode 600) — hand them to the phone provisioning from there.
# Run with "generate" as the only argument to write the files and exit (outside Docker too).
set -eu

GENERATED_DIR="${GENERATED_DIR:-/var/lib/asterisk/generated}"
mkdir -p "$GENERATED_DIR"
umask 077

need() {
  eval "v=\${$1:-}"
  if [ -z "$v" ]; then echo "docker-entrypoint: $1 is required" >&2; exit 1; fi
  case "$v" in *[![:alnum:]._~+=-]*) echo "docker-entrypoint: $1 may only contain letters, digits and ._~+=-" >&2; exit 1 ;; esac
}
need AMI_SECRET
need ARI_BRIDGE_SECRET
need ARI_IVR_SECRET
cidr_ok() {
  for c in $1; do
    case "$c" in *[!0-9./:a-fA-F]*) echo "docker-entrypoint: $2 may only list addresses/networks (got $c)" >&2; exit 1 ;; esac
  done
}
cidr_ok "${AMI_PERMIT:-}" AMI_PERMIT
cidr_ok "${PHONE_PERMIT:-}" PHONE_PERMIT
cidr_ok "${AMI_BIND_ADDRESS:-}" AMI_BIND_ADDRESS
cidr_ok "${ARI_BIND_ADDRESS:-}" ARI_BIND_ADDRESS
cidr_ok "${HTTPS_BIND_ADDRESS:-}" HTTPS_BIND_ADDRESS
cidr_ok "${SIP_BIND_ADDRESS:-}" SIP_BIND_ADDRESS

randpw() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20; }

# --- AMI and ARI -------------------------------------------------------------------------------
printf '[donorline](+)\nsecret = %s\n' "$AMI_SECRET" > "$GENERATED_DIR/manager.secrets.conf"
printf '[donorline-bridge](+)\npassword = %s\n\n[donorline-ivr](+)\npassword = %s\n' "$ARI_BRIDGE_SECRET" "$ARI_IVR_SECRET" > "$GENERATED_DIR/ari.secrets.conf"

# --- where AMI and ARI listen, who may log in -------------------------------------------------
printf 'bindaddr = %s\n' "${AMI_BIND_ADDRESS:-127.0.0.1}" > "$GENERATED_DIR/manager.bind.conf"
: > "$GENERATED_DIR/manager.acl.conf"
for c in ${AMI_PERMIT:-}; do printf 'permit = %s\n' "$c" >> "$GENERATED_DIR/manager.acl.conf"; done
printf 'bindaddr = %s\n' "${ARI_BIND_ADDRESS:-127.0.0.1}" > "$GENERATED_DIR/http.bind.conf"
if [ "${WEBRTC:-0}" = "1" ]; then
  cert="${WEBRTC_CERT:-$GENERATED_DIR/webrtc.crt}"
  key="${WEBRTC_KEY:-$GENERATED_DIR/webrtc.key}"
  if [ -z "${WEBRTC_CERT:-}" ] && [ ! -s "$cert" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=${PUBLIC_ADDRESS:-donorline-pbx}" \
      -keyout "$key" -out "$cert" >/dev/null 2>&1
    echo "docker-entrypoint: generated a self-signed certificate for the softphone's WebSocket ($cert) — development only"
  fi
  printf 'tlsenable = yes\ntlsbindaddr = %s\ntlscertfile = %s\ntlsprivatekey = %s\n' "${HTTPS_BIND_ADDRESS:-0.0.0.0:8089}" "$cert" "$key" >> "$GENERATED_DIR/http.bind.conf"
fi

# --- agent phones: one password per extension, kept across restarts ---------------------------
PASSWORDS="$GENERATED_DIR/agents.passwords"
touch "$PASSWORDS"
ext=8001
while [ "$ext" -le 8050 ]; do
  grep -q "^$ext " "$PASSWORDS" || echo "$ext $(randpw)" >> "$PASSWORDS"
  ext=$((ext + 1))
done
awk '{ printf "[%s-auth](+)\npassword = %s\n\n", $1, $2 }' "$PASSWORDS" > "$GENERATED_DIR/pjsip.secrets.conf"
# softphone seats 8501–8550: HMAC-SHA256(SOFTPHONE_SECRET, extension), first 24 hex digits — the bridge
# derives the same (apps/cti-bridge/src/softphone) and gives it only to the desk of the agent on that seat
if [ -n "${SOFTPHONE_SECRET:-}" ]; then
  ext=8501
  while [ "$ext" -le 8550 ]; do
    pw=$(printf '%s' "$ext" | openssl dgst -sha256 -hmac "$SOFTPHONE_SECRET" | awk '{ print $NF }' | cut -c1-24)
    printf '[%s-auth](+)\npassword = %s\n\n' "$ext" "$pw" >> "$GENERATED_DIR/pjsip.secrets.conf"
    ext=$((ext + 1))
  done
fi
# (one file per transport: Asterisk warns when one file is included twice)
for t in udp tcp; do
  if [ -n "${SIP_BIND_ADDRESS:-}" ]; then printf 'bind = %s\n' "$SIP_BIND_ADDRESS" > "$GENERATED_DIR/pjsip.bind-$t.conf"; else : > "$GENERATED_DIR/pjsip.bind-$t.conf"; fi
done
: > "$GENERATED_DIR/pjsip.phones-acl.conf"
for c in ${PHONE_PERMIT:-}; do printf 'permit = %s\ncontact_permit = %s\n' "$c" "$c" >> "$GENERATED_DIR/pjsip.phones-acl.conf"; done

# --- NAT and the carrier trunk ------------------------------------------------------------------
LOCAL="$GENERATED_DIR/pjsip.local.conf"
: > "$LOCAL"
if [ -n "${PUBLIC_ADDRESS:-}" ]; then
  for t in transport-udp transport-tcp; do
    printf '[%s](+)\nexternal_media_address = %s\nexternal_signaling_address = %s\n\n' "$t" "$PUBLIC_ADDRESS" "$PUBLIC_ADDRESS" >> "$LOCAL"
  done
fi
if [ -n "${CARRIER_HOST:-}" ]; then
  port="${CARRIER_PORT:-5060}"
  {
    printf '[carrier](carrier-endpoint)\naors = carrier\nfrom_domain = %s\n' "$CARRIER_HOST"
    if [ -n "${CARRIER_USERNAME:-}" ]; then printf 'outbound_auth = carrier-auth\nfrom_user = %s\n' "$CARRIER_USERNAME"; fi
    printf '\n[carrier](carrier-aor)\ncontact = sip:%s:%s\n\n' "$CARRIER_HOST" "$port"
    if [ -n "${CARRIER_USERNAME:-}" ]; then
      printf '[carrier-auth](carrier-auth)\nusername = %s\npassword = %s\n\n' "$CARRIER_USERNAME" "${CARRIER_PASSWORD:-}"
      if [ "${CARRIER_REGISTER:-yes}" = "yes" ]; then
        printf '[carrier-reg](carrier-registration)\nserver_uri = sip:%s:%s\nclient_uri = sip:%s@%s\n\n' "$CARRIER_HOST" "$port" "$CARRIER_USERNAME" "$CARRIER_HOST"
      fi
    fi
    printf '[carrier-identify](carrier-identify)\n'
    for m in ${CARRIER_MATCH:-$CARRIER_HOST}; do printf 'match = %s\n' "$m"; done
  } >> "$LOCAL"
fi

if id asterisk >/dev/null 2>&1; then chown -R asterisk:asterisk "$GENERATED_DIR"; fi
chmod 600 "$GENERATED_DIR"/*


if [ "${1:-}" = "generate" ]; then
  echo "docker-entrypoint: wrote $GENERATED_DIR"
  exit 0
fi
exec "$@"
