"""Fuzzing the HTTP API from its own OpenAPI schema (schemathesis): every operation, with a
reader's key and a curator's key, a bounded number of generated examples each. No response
may be a 5xx, and none may take longer than 5 s (the issue's bound, not a benchmark)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from search_api.app import create_app
from tests.conftest import make_settings
from tests.support.curation import make_keys
from tests.support.hostile import GOOD

# schemathesis gives every API operation the same test id, and pytest-xdist would run one of them:
# scripts/test.sh runs this module on its own, after the parallel phase.
pytestmark = pytest.mark.serial

EXAMPLES = 5  # per operation in the fuzzing phase (the coverage phase adds its boundary cases)
SLOWEST_S = 5.0
SEEN = {"requests": 0, "server_errors": 0}


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory):
    app_settings = make_settings(tmp_path_factory.mktemp("fuzz"), auth={"rate_limit_per_minute": 0})
    with TestClient(create_app(app_settings)) as client:
        keys = make_keys(client.app.state.services.catalog)
        curator = {"Authorization": f"Bearer {keys['curator']}"}
        doc = client.post("/v1/documents", headers=curator, files={"file": ("faxe.md", GOOD.encode())}).json()
        client.post(f"/v1/documents/{doc['doc_id']}/publish", headers=curator)
        yield client, keys


# The schema as the app publishes it at /openapi.json (building it opens nothing on disk).
schema = schemathesis.openapi.from_dict(create_app(make_settings(Path(tempfile.gettempdir()) / "unused")).openapi())
# The coverage phase (boundary values, wrong types, missing fields) stays on; sending every other
# HTTP method to each path is what 405 is for, and would triple the run.
schema.config.phases.coverage.unexpected_methods = set()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_5xx_or_slowly_to_a_reader_or_a_curator(case, fuzz_target):
    client, keys = fuzz_target
    for role in ("reader", "curator"):
        request = case.as_transport_kwargs(headers={"Authorization": f"Bearer {keys[role]}"})
        request.pop("base_url", None)
        if isinstance(request.get("data"), bytes):
            request["content"] = request.pop("data")
        response = client.request(**{k: v for k, v in request.items() if k in _REQUEST_ARGS and v is not None
                                     and not (k == "cookies" and not v)})
        SEEN["requests"] += 1
        SEEN["server_errors"] += response.status_code >= 500
        assert response.status_code < 500, (role, case.method, case.formatted_path, response.text[:300])
        assert response.elapsed.total_seconds() < SLOWEST_S, (role, case.method, case.formatted_path)


_REQUEST_ARGS = {"method", "url", "params", "headers", "cookies", "content", "data", "files", "json"}


def test_zz_report_fuzz_counts(capsys):
    """Prints how many requests the fuzzing made (pytest -s shows it; the notes quote it)."""
    with capsys.disabled():
        print(f"\nfuzz: {SEEN['requests']} requests, {SEEN['server_errors']} server errors")
    assert SEEN["server_errors"] == 0
