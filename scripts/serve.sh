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
# The form editor of the preview (/admin/) saves into fiches/ through decap-server, Decap CMS's
# local backend (npm ci installs it), started here and stopped with the preview.
if command -v node >/dev/null 2>&1 && [ -f node_modules/decap-server/dist/index.js ]; then
  PORT=8081 BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY="$PWD" LOG_LEVEL=warn \
    node node_modules/decap-server/dist/index.js &
  editor=$!
  trap 'kill "$editor" 2>/dev/null || true' EXIT
  echo "Éditeur de fiches : http://127.0.0.1:8000/fiches/admin/ (il enregistre dans fiches/)"
fi
# --dirty: after a save, only the pages the edit changed are written again (hooks/fiches_engine/
# incremental.py), so that an edit shows within seconds even with thousands of fiches.
"$python" -m mkdocs serve --dirty "$@"
