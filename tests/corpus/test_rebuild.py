"""Zero-downtime rebuild on both backends: a new build beside the live index, checked, switched
atomically; searches never miss an answer, and a failed build leaves the old index serving."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from corpus.documents import delete_document
from corpus.ingest import index_paths
from corpus.rebuild import RebuildFailed, RebuildReport, check_build, rebuild_beside
from corpus.services import Services
from indexer.store import Filters
from indexer.store.edge import EdgeStore
from search_api.retrieval.search import search
from tests.conftest import make_settings
from tests.support.corpus import write_corpus

QUESTION = "Hvordan er lokalgrupperne organiseret?"
EXTRA = "# Natteravne i Køge\n\nNatteravnene i Køge går hver fredag aften i bymidten og ved stationen.\n"


@pytest.fixture(params=["edge", "qdrant-client"])
def services(request, tmp_path):
    overrides = {"store": {"url": ":memory:"}} if request.param == "qdrant-client" else {}
    with Services.open(make_settings(tmp_path, **overrides)) as opened:
        report = index_paths(opened, [write_corpus(tmp_path / "docs")])
        assert report.count("indexed") == 3
        yield opened


def _live_build(services: Services) -> str:
    """The name of the live build: the Edge folder or the collection behind the alias."""
    inner = services.store.current
    return inner.path.name if isinstance(inner, EdgeStore) else inner.aliases.target()


class Interrupted:
    """A progress display whose user presses Ctrl-C after the first document."""

    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, phase: str, n: int = 1) -> None:
        raise KeyboardInterrupt


class CuratorAtWork:
    """A progress display during which a curator deletes one document and adds another."""

    def __init__(self, services: Services, folder) -> None:
        self.services, self.folder, self.done = services, folder, False

    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, phase: str, n: int = 1) -> None:
        if self.done:
            return
        self.done = True
        gone = next(r for r in self.services.catalog.list(limit=None) if r.kommune == "Slagelse")
        delete_document(self.services, gone.doc_id, actor="kurator")
        self.folder.mkdir()
        (self.folder / "koege.md").write_text(EXTRA, encoding="utf-8")
        index_paths(self.services, [self.folder])


def test_searches_during_a_rebuild_always_get_results_from_the_old_then_the_new_index(services):
    before_count = services.store.count()
    served: list[tuple[str, int]] = []
    errors: list[Exception] = []
    stop = threading.Event()

    def ask_again_and_again() -> None:
        while not stop.is_set():
            try:
                served.append((_live_build(services), len(search(services, QUESTION))))
            except Exception as exc:  # any error a reader would see
                errors.append(exc)

    reader = threading.Thread(target=ask_again_and_again)
    reader.start()
    try:
        while not served:
            stop.wait(0.01)
        report = rebuild_beside(services, actor="test")
        seen_after = len(served)
        while len(served) < seen_after + 3:
            stop.wait(0.01)
    finally:
        stop.set()
        reader.join()
    assert errors == [] and report.switched and report.failed == {}
    # Answered while the old build was live, then the new one.
    assert {build for build, _ in served} in ({"store", "gen-1"}, {"vidensbank-g1", "vidensbank-g2"})
    assert min(n for _, n in served) > 0
    assert services.store.count() == before_count
    assert _live_build(services) in ("gen-1", "vidensbank-g2")


def test_after_the_switch_the_old_build_is_cleared_and_one_previous_collection_is_kept(services, tmp_path):
    rebuild_beside(services, actor="test")
    rebuild_beside(services, actor="test")
    inner = services.store.current
    if isinstance(inner, EdgeStore):
        root = services.settings.store_path
        assert (root / "CURRENT").read_text() == "gen-2"
        assert sorted(p.name for p in root.iterdir() if p.is_dir()) == ["gen-2"]
    else:  # the previous collection stays for a roll-back by alias; older ones go
        assert inner.aliases.generations() == ["vidensbank-g2", "vidensbank-g3"]
        assert inner.aliases.target() == "vidensbank-g3"


def test_an_interrupted_rebuild_leaves_the_old_index_serving_and_no_half_build(services):
    live, count, build = services.store.current, services.store.count(), _live_build(services)
    with pytest.raises(KeyboardInterrupt):
        rebuild_beside(services, actor="test", progress=Interrupted())
    assert services.store.current is live and _live_build(services) == build
    assert services.store.count() == count and search(services, QUESTION)
    if isinstance(live, EdgeStore):
        assert not list(services.settings.store_path.glob("gen-*"))
    else:
        assert live.aliases.generations() == ["vidensbank-g1"]


def test_curation_during_the_rebuild_is_caught_up_before_the_switch(services, tmp_path):
    report = rebuild_beside(services, actor="test", progress=CuratorAtWork(services, tmp_path / "more"))
    kommuner = {r.payload["kommune"] for r in services.store.scroll(Filters())}
    assert "Slagelse" not in kommuner
    assert search(services, "natteravne Køge fredag")[0].kommune == "Køge"
    added = next(r.doc_id for r in services.catalog.list(limit=None) if r.kommune == "Køge")
    assert report.caught_up == [added] and report.failed == {}
    assert services.store.count() == sum(r.chunk_count for r in services.catalog.list(limit=None))


def test_a_build_missing_chunks_fails_its_check(services, tmp_path):
    empty = EdgeStore(tmp_path / "empty", model=services.embedder.name, dim=services.embedder.dim)
    try:
        with pytest.raises(RebuildFailed, match="det gamle indeks bruges fortsat"):
            check_build(empty, services, RebuildReport())
    finally:
        empty.close()


def _cli(data, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    return subprocess.run([sys.executable, "-m", "vidensbank", "--data-dir", str(data), *args], capture_output=True,
                          text=True, timeout=300, env={**clean, "VIDENSBANK_EMBEDDING__BACKEND": "hashing", **env})


def test_reindex_command_builds_beside_also_for_a_new_model_and_in_place_still_works(tmp_path):
    data = tmp_path / "data"
    assert _cli(data, "index", str(write_corpus(tmp_path / "docs")), "--json").returncode == 0
    # Another embedding model: the live index cannot be opened with it, the new one is built beside.
    rebuilt = _cli(data, "reindex", "--json", VIDENSBANK_EMBEDDING__DIM="64")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (data / "store" / "CURRENT").read_text() == "gen-1" and not (data / "store" / "shard").exists()
    found = _cli(data, "search", "Hvordan er lokalgrupperne organiseret?", "--json", VIDENSBANK_EMBEDDING__DIM="64")
    assert json.loads(found.stdout)["hits"][0]["kommune"] == "Faxe"
    in_place = _cli(data, "reindex", "--in-place", "--json", VIDENSBANK_EMBEDDING__DIM="64")
    assert in_place.returncode == 0 and json.loads(in_place.stdout)["failed"] == {}
    assert (data / "store" / "CURRENT").read_text() == "gen-1"


def test_a_rebuild_killed_midway_leaves_the_old_index_serving(tmp_path, seeds_dir):
    data = tmp_path / "data"
    assert _cli(data, "index", str(seeds_dir), "--json").returncode == 0
    settings = make_settings(tmp_path)
    with Services.open(settings) as services:
        before = [hit.chunk_id for hit in search(services, QUESTION)]
        count = services.store.count()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VIDENSBANK_")}
    rebuild = subprocess.Popen([sys.executable, "-m", "vidensbank", "--data-dir", str(data), "reindex", "--json"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**clean, "VIDENSBANK_EMBEDDING__BACKEND": "hashing"})
    build = data / "store" / "gen-1" / "vidensbank-store.json"
    while not build.exists() and rebuild.poll() is None:
        threading.Event().wait(0.005)
    rebuild.kill()  # SIGKILL: no clean-up, as a power cut or the OOM killer would do it
    rebuild.wait(timeout=30)
    assert build.exists() and not (data / "store" / "CURRENT").exists()  # killed half way
    with Services.open(settings) as services:
        assert services.store.count() == count
        assert [hit.chunk_id for hit in search(services, QUESTION)] == before
    assert _cli(data, "reindex", "--json").returncode == 0  # the next rebuild clears the half build
    assert sorted(p.name for p in (data / "store").iterdir() if p.is_dir()) == ["gen-2"]


def test_the_live_store_passes_backend_extras_through(services):
    inner = services.store.current
    assert services.store.info_backend == inner.info_backend
    assert services.store.signals == inner.signals  # an attribute the protocol does not name
    with pytest.raises(AttributeError):
        services.store._no_such_thing
