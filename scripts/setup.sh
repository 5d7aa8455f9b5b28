#!/usr/bin/env bash
# Set up everything Fiches needs (idempotent): Python packages in ./.venv, Node.js packages in
# ./node_modules (Pagefind builds the search index; axe-core and the Nu HTML Checker serve the tests).
# Run by serve.sh and test.sh. Works wherever bash and Python 3.11+ run: Debian (CI), other Linux,
# macOS, Windows (Git Bash). Without npm, the search index is built by PyPI's Pagefind, installed
# with the Python packages (pyproject.toml); see hooks/fiches_engine/search_index.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The Python that creates .venv: $PYTHON if given, else the first Python 3.11+ found.
find_python() {
  local candidate
  for candidate in ${PYTHON:+"$PYTHON"} python3 python py; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

venv_python() {  # .venv's Python: bin/ everywhere but Windows, Scripts/ there
  if [ -x .venv/bin/python ]; then echo .venv/bin/python
  elif [ -x .venv/Scripts/python.exe ]; then echo .venv/Scripts/python.exe
  else return 1
  fi
}

if ! venv_python >/dev/null; then
  if ! python=$(find_python); then
    echo "Python 3.11 ou plus récent est introuvable (python3, python ou py) : installez-le" \
         "(https://www.python.org/downloads/), ou donnez son chemin : PYTHON=/chemin/python3 bash $0" >&2
    exit 1
  fi
  if ! "$python" -m venv .venv || ! venv_python >/dev/null; then
    echo "Impossible de créer .venv avec $python : sur Debian, installez python3-venv" \
         "(apt-get install python3-venv), puis relancez." >&2
    exit 1
  fi
fi
VENV_PYTHON=$(venv_python)
# pip runs again only when pyproject.toml is newer than the last install: a second start is quick.
stamp=.venv/fiches-installation
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  "$VENV_PYTHON" -m pip install --quiet --disable-pip-version-check -e ".[test]"
  touch "$stamp"
fi

if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "Installation de Node.js et npm (Debian), pour Pagefind qui construit l'index de recherche…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
if ! command -v npm >/dev/null 2>&1; then
  # The site still builds and searches: Pagefind then comes from PyPI (installed above).
  echo "npm est absent : l'index de recherche sera construit par le Pagefind de PyPI (installé dans" \
       ".venv). Les tests dans le navigateur demandent Node.js et npm (https://nodejs.org/)." >&2
# npm ci starts from scratch each time: run it only when package-lock.json is newer than the install
elif [ ! -d node_modules/pagefind ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! npm ci --silent --no-audit --no-fund; then
    echo "npm ci a échoué : l'index de recherche sera construit par le Pagefind de PyPI" \
         "(installé dans .venv) ; relancez « npm ci » pour voir l'erreur de npm." >&2
  fi
fi
