"""What `vidensbank serve` imports before it is ready: nothing the embedded store does not need."""

from __future__ import annotations

import subprocess
import sys


def test_serving_the_embedded_store_never_imports_qdrant_client():
    # qdrant-client takes about a second to import: a third of the time-to-ready budget.
    code = ("import sys, vidensbank.cli, vidensbank.commands.serve, search_api.app, corpus.services, "
            "indexer.store.generations, indexer.store.migrate; "
            "print(sorted(m for m in sys.modules if m.startswith('qdrant_client'))[:3])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
