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
# --dirty: after a save, only the pages the edit changed are written again (hooks/fiches_engine/
# incremental.py), so that an edit shows within seconds even with thousands of fiches.
exec "$python" -m mkdocs serve --dirty "$@"
