#!/usr/bin/env bash
# Set everything up, then serve the site on http://127.0.0.1:8000/fiches/ (rebuilt on every change).
# "scripts/serve.sh build" builds it into site/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "${1:-serve}" = build ]; then
  exec .venv/bin/mkdocs build --strict
fi
exec .venv/bin/mkdocs serve "$@"
