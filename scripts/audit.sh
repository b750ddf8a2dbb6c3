#!/usr/bin/env bash
# Dependency audit: the packages the project installs (runtime and test extras) checked against
# the Python Packaging Advisory Database by pip-audit. Needs the network to PyPI; not part of the
# test run. Findings and how each is handled: docs/security.md, "Dependency audit".
# Extra arguments go to pip-audit, e.g. `--format json`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e '.[test]' 'pip-audit==2.10.1'
# Findings reviewed and accepted are listed here with their reason in docs/security.md.
IGNORED=()
# --strict: a package that cannot be looked up fails the audit instead of passing silently.
exec "$VENV/bin/pip-audit" --strict --skip-editable --progress-spinner off "${IGNORED[@]}" "$@"
