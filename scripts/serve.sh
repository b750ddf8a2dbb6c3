#!/usr/bin/env bash
# Quick start: install SSP Vidensbank into .venv and serve it on http://127.0.0.1:8000
# with the bundled sample corpus indexed (unchanged files are skipped on later runs).
# Extra arguments go to `vidensbank serve`, e.g. `bash scripts/serve.sh --port 9000`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
bash scripts/system-deps.sh
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e .
exec "$VENV/bin/vidensbank" serve --samples "$@"
