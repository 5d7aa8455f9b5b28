#!/usr/bin/env bash
# Set up everything Fiches needs in ./.venv (idempotent). Sourced by serve.sh and test.sh.
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
