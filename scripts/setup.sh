#!/usr/bin/env bash
# Set up everything Fiches needs (idempotent): Python packages in ./.venv, Node.js packages in
# ./node_modules (Pagefind builds the search index; axe-core and the Nu HTML Checker serve the tests).
# Sourced by serve.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv; then
    echo "Impossible de créer .venv : sur Debian, installez python3-venv (apt-get install python3-venv)." >&2
    exit 1
  fi
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "Installation de Node.js et npm (Debian), pour Pagefind qui construit l'index de recherche…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
# npm ci starts from scratch each time: run it only when package-lock.json is newer than the install
if [ ! -x node_modules/.bin/pagefind ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund
fi
