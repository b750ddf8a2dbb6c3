"""Readers never see personal data, even where a chunk holds a name without the context
(an attendance line) that identified it."""

from __future__ import annotations

from corpus.ingest import index_paths
from search_api.retrieval.search import search

MINUTES = """# Referat af SSP-udvalgets møde

Fraværende: Jens Hansen og Mette Nielsen.

## Punkt 1: Natteravne

Udvalget drøftede natteravnenes ruter i bymidten og på havnen. Natteravnene går hver fredag og
lørdag, og udvalget ønsker flere frivillige. Der blev aftalt en hvervekampagne på skolerne i
foråret, så flere forældre melder sig. Ruterne evalueres efter sommerferien.

## Punkt 2: Lokalgrupper

Jens Hansen fortalte om lokalgruppernes arbejde med klubberne i skoledistrikterne. Lokalgrupperne
mødes hver anden måned, og klubmedarbejderne deltager fast. Udvalget tog orienteringen til
efterretning og bad om en skriftlig status til næste møde om arbejdet i distrikterne.
"""


def test_a_name_found_in_the_attendance_line_is_masked_in_other_chunks(services, tmp_path):
    doc = tmp_path / "referat.md"
    doc.write_text(MINUTES, encoding="utf-8")
    assert index_paths(services, [doc]).ok
    hits = search(services, "lokalgruppernes arbejde med klubberne", top_k=5)
    lokal = next(h for h in hits if "klubberne" in h.text)
    assert "Jens Hansen" not in lokal.text and "[navn] fortalte" in lokal.text
    assert "name" in lokal.pii
    assert all("Jens Hansen" not in s for h in hits for s in h.highlights)


def test_trusted_callers_can_see_the_passage_as_stored(services, tmp_path):
    doc = tmp_path / "referat.md"
    doc.write_text(MINUTES, encoding="utf-8")
    assert index_paths(services, [doc]).ok
    query = "lokalgruppernes arbejde med klubberne"
    masked = next(h for h in search(services, query, top_k=5) if "klubberne" in h.text)
    revealed = next(h for h in search(services, query, top_k=5, reveal_pii=True) if "klubberne" in h.text)
    assert "Jens Hansen fortalte" in revealed.text and "Jens Hansen" not in masked.text


def test_a_title_is_masked_by_what_each_reader_may_see_each_time_it_is_shown():
    from search_api.masking import visible_field, visible_url

    title = "Referat, kontakt 20 30 40 50"
    for _ in range(2):  # the second time from memory, with the same answer
        assert visible_field(title) == "Referat, kontakt [telefon]"
        assert visible_field(title, ["phone"]) == title
        assert visible_url("https://x.dk/ssp?tlf=20304050") is None
        assert visible_url("https://x.dk/ssp?tlf=20304050", ["phone"]) == "https://x.dk/ssp?tlf=20304050"
