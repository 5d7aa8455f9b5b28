#!/usr/bin/env bash
# Set everything up, then serve the site on http://127.0.0.1:8000/fiches/ (rebuilt on every change).
# "scripts/serve.sh build" builds it into site/ instead. Any system where bash and Python 3.11+ run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python=.venv/bin/python
[ -x "$python" ] || python=.venv/Scripts/python.exe  # Windows
if [ "${1:-serve}" = build ]; then
  exec "$python" -m mkdocs build --strict
fi
exec "$python" -m mkdocs serve "$@"
