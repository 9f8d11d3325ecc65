#!/usr/bin/env bash
# Installs the Debian packages the project needs, once. Idempotent: a second run only checks.
set -euo pipefail
PKGS=(
  # brokers and smart-card stack used by the integration tests and the demo (mosquitto-dev:
  # headers of the client-id plugin sync.security builds; libssl-dev: its certificate check)
  mosquitto mosquitto-clients mosquitto-dev libmosquitto-dev libssl-dev pcscd pcsc-tools vsmartcard-vpcd libpcsclite-dev libpcsclite1 swig
  # Qt offscreen rendering with real CJK fonts
  fonts-noto-cjk fontconfig libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libfreetype6 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxrender1 libxi6 libnss3
  # spoken prompts and audio cues
  espeak-ng
  # certificates for MQTT TLS tests
  openssl ca-certificates
  # PostgreSQL: the centre's optional back end; tests start private clusters (sync/pgserver.py)
  postgresql postgresql-client
  # Python build prerequisites
  python3-venv python3-dev gcc make
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "error: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    echo "       run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Do not let package installation start daemons we manage ourselves in tests.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
# Nor create Debian's system cluster (postgres on 5432): the tests make private ones. The switch
# lives in postgresql-common's createcluster.conf, so that package goes in first.
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  $SUDO apt-get install -y -qq --no-install-recommends postgresql-common >&2
  $SUDO sed -ri 's/^#?\s*create_main_cluster\s*=.*$/create_main_cluster = false/' \
    /etc/postgresql-common/createcluster.conf
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
