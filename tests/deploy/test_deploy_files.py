"""The deployment files pass every check that runs without a container engine
(scripts/validate-deploy.sh: hadolint, the Compose schema, caddy validate, the manifests)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_deployment_files_pass_the_checks_that_can_run_here():
    result = subprocess.run(["bash", str(ROOT / "scripts" / "validate-deploy.sh")], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHON": sys.executable})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAILED" not in result.stdout
    assert "ok      Dockerfile (hadolint)" in result.stdout
    assert "ok      deploy/compose.yaml (compose-spec schema)" in result.stdout


def test_the_image_runs_unprivileged_and_checks_readiness():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.count("\nFROM ") >= 1 and "AS build" in dockerfile and "COPY --from=build" in dockerfile
    assert "USER 10001" in dockerfile and "/readyz" in dockerfile.split("HEALTHCHECK", 1)[1]
    for package in ("tesseract-ocr", "tesseract-ocr-dan", "wdanish", "hunspell-da"):
        assert f" {package}" in dockerfile
