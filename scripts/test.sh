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
# Node tools of the tests (axe-core, the Nu HTML Checker), pinned in package-lock.json
if command -v npm >/dev/null 2>&1; then
  npm ci --silent --no-audit --no-fund >/dev/null
else
  echo "npm est absent : les tests d'accessibilité et de validité HTML ne pourront pas tourner (apt-get install npm)." >&2
fi
exec .venv/bin/python -m pytest "$@"
