"""Every passage of a kommune's document carries the kommune's name in its word signals (BM25
and the n-grams), not only the byline passage that names it; a question naming the kommune is
then ranked by what it asks, not by which passage says the name."""

from __future__ import annotations

from corpus.ingest import index_paths
from corpus.services import Services
from indexer.embedder import create_embedder
from indexer.pipeline import embed_document, prepare_document
from indexer.store import bm25
from search_api.retrieval.search import search
from tests.conftest import make_settings

FILLER = ("Indsatsen bygger på et tæt samarbejde mellem skolerne, klubberne og de lokale foreninger, "
          "og den følges løbende af koordinationsgruppen. ")

REPORT = f"""---
title: Fritidsjob som forebyggelse
---
Kragsbjerg Kommune · SSP · januar 2024

# Hvorfor fritidsjob?

Et fritidsjob giver unge faste rammer og voksne forbilleder. {FILLER * 9}

# Resultater

I 2023 fik 142 unge et fritidsjob gennem konsulenten, og 78 procent var stadig ansat et halvt år efter.
{FILLER * 9}
"""

NATIONAL = f"""---
title: Kortlægning af SSP
kommune: national
---
# Om undersøgelsen

Undersøgelsen bygger på svar fra alle kommuner. {FILLER * 3}
"""


def _points(tmp_path, name: str, text: str):
    settings = make_settings(tmp_path)
    prepared = prepare_document(name, text.encode(), doc_id=name, content_hash=name, source=name,
                                settings=settings)
    return prepared, embed_document(prepared, create_embedder(settings.embedding))


def test_every_passage_of_a_kommunes_document_holds_its_name_in_the_word_signals(tmp_path):
    prepared, points = _points(tmp_path, "kragsbjerg_fritidsjob.md", REPORT)
    assert prepared.meta.kommune == "Kragsbjerg" and len(points) >= 2
    name = set(bm25.query_vector("Kragsbjerg").indices)
    assert "Kragsbjerg" not in prepared.chunks[-1].text  # only the byline says it ...
    for point in points:  # ... but every passage is found by it
        assert name <= set(point.sparse.indices)
        assert point.payload["text"] == next(c.text for c in prepared.chunks if c.chunk_id == point.id)


def test_national_material_gets_no_kommune_word(tmp_path):
    prepared, points = _points(tmp_path, "national_kortlaegning.md", NATIONAL)
    assert prepared.meta.kommune == "national"
    assert not set(bm25.query_vector("national").indices) & set(points[0].sparse.indices)


def test_the_passage_that_answers_outranks_the_byline_passage_for_a_question_naming_the_kommune(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "kragsbjerg_fritidsjob.md").write_text(REPORT, encoding="utf-8")
    settings = make_settings(tmp_path)
    with Services.open(settings) as services:
        assert index_paths(services, [docs]).ok
        hits = search(services, "Hvor mange unge fik fritidsjob i Kragsbjerg?", top_k=3)
    assert hits[0].section == "Resultater"
