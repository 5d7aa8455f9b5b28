#!/usr/bin/env bash
# Set everything up (Python packages, Debian's chromium for the browser tests), then run every test.
# Arguments go to pytest, e.g. "scripts/test.sh -k build".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -x /usr/lib/chromium/chromium ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "Installation de chromium (Debian) pour les tests dans le navigateur…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
