"""Where a document's visibility comes from when it is indexed: sidecar, front matter, the run's
--visibility, the catalog (re-indexing keeps a curator's choice), the default per kind; and the
start-up check that gives points indexed before visibility existed theirs."""

from __future__ import annotations

import json

from corpus.ingest import index_paths
from corpus.reconcile import reconcile
from corpus.review import update_metadata
from corpus.services import Services
from indexer.store import Filters
from tests.cli.test_cli import run
from tests.conftest import make_settings
from tests.support.curation import PLAIN

FRONT = "---\ntitle: Referat Faxe\nkommune: Faxe\nkind: referat\nvisibility: signed-in\n---\n" + PLAIN


def _write(folder, name: str, text: str, sidecar: str | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    if sidecar is not None:
        (folder / f"{name}.meta.yaml").write_text(sidecar, encoding="utf-8")


def _visibility(services: Services) -> dict[str, str]:
    return {row.source: row.visibility for row in services.catalog.list(limit=None)}


def test_sidecar_front_matter_run_option_and_kind_default(tmp_path):
    docs = tmp_path / "docs"
    _write(docs, "sidecar.md", PLAIN.format(kommune="Faxe", topic="graffiti"), sidecar="visibility: kommune\n")
    _write(docs, "front.md", FRONT.format(kommune="Faxe", topic="hærværk"))
    _write(docs, "referat.md", "# Referat af mødet i Køge\n\n" + PLAIN.format(kommune="Køge", topic="rygning"))
    _write(docs, "plain.md", PLAIN.format(kommune="Stevns", topic="alkohol"))
    settings = make_settings(tmp_path, ingest={"visibility_by_kind": {"referat": "kommune"}})
    with Services.open(settings) as services:
        assert index_paths(services, [docs]).ok
        assert _visibility(services) == {"sidecar.md": "kommune", "front.md": "signed-in",
                                         "referat.md": "kommune", "plain.md": "public"}
        points = {r.payload["source"]: r.payload["visibility"] for r in services.store.scroll(Filters())}
        assert points == _visibility(services)
        # A curator's change survives re-indexing an edited file; the run's option overrides the catalog.
        plain = services.catalog.by_origin(str((docs / "plain.md").resolve()))
        update_metadata(services, plain.doc_id, {"visibility": "signed-in"}, actor="test")
        _write(docs, "plain.md", PLAIN.format(kommune="Stevns", topic="alkohol og rygning"))
        index_paths(services, [docs])
        assert _visibility(services)["plain.md"] == "signed-in"
        _write(docs, "plain.md", PLAIN.format(kommune="Stevns", topic="alkohol, rygning og snus"))
        index_paths(services, [docs], visibility="kommune")
        assert _visibility(services)["plain.md"] == "kommune"
        assert _visibility(services)["front.md"] == "signed-in"  # unchanged files are skipped


def test_a_bad_visibility_in_front_matter_fails_that_file_only(tmp_path):
    docs = tmp_path / "docs"
    _write(docs, "bad.md", FRONT.replace("signed-in", "hemmelig").format(kommune="Faxe", topic="x"))
    _write(docs, "good.md", PLAIN.format(kommune="Faxe", topic="graffiti"))
    with Services.open(make_settings(tmp_path)) as services:
        report = index_paths(services, [docs])
        failed = {r.source: r.reason for r in report.results if r.outcome == "failed"}
        assert list(failed) == ["bad.md"] and "synlighed" in failed["bad.md"]
        assert _visibility(services) == {"good.md": "public"}


def test_the_start_up_check_gives_old_points_their_visibility(tmp_path):
    docs = tmp_path / "docs"
    _write(docs, "a.md", PLAIN.format(kommune="Faxe", topic="graffiti"), sidecar="visibility: kommune\n")
    with Services.open(make_settings(tmp_path)) as services:
        index_paths(services, [docs])
        [row] = services.catalog.list()
        services.store.set_payload(row.doc_id, {"visibility": None})  # as indexed before visibility existed
        assert services.store.count(Filters(visibility=("kommune",))) == 0
        assert row.doc_id in reconcile(services).status_fixed
        assert services.store.count(Filters(visibility=("kommune",))) == row.chunk_count


def test_index_and_corpus_update_set_visibility_on_the_command_line(tmp_path):
    data, docs = tmp_path / "data", tmp_path / "docs"
    _write(docs, "faxe.md", PLAIN.format(kommune="Faxe", topic="graffiti"))
    bad = run(data, "index", str(docs), "--visibility", "hemmelig")
    assert bad.returncode == 1 and "synlighed" in bad.stderr and "Traceback" not in bad.stderr
    assert run(data, "index", str(docs), "--visibility", "kommune", "--json").returncode == 0
    [doc] = json.loads(run(data, "corpus", "list", "--json").stdout)["documents"]
    assert doc["visibility"] == "kommune"
    updated = run(data, "corpus", "update", doc["doc_id"], "--visibility", "public", "--json")
    assert updated.returncode == 0, updated.stderr
    assert json.loads(updated.stdout)["visibility"] == "public"
