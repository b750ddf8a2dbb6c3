"""Parsing of every supported format from small real fixture files (tests/fixtures)."""

from __future__ import annotations

import json

import pytest

from indexer.errors import ParseError, UnsupportedFormat
from indexer.parser import parse_bytes
from indexer.text import split_sentences
from tests.conftest import FIXTURES


def parse(name: str):
    return parse_bytes(name, (FIXTURES / name).read_bytes())


def test_pdf_blocks_know_their_page():
    doc = parse("two_pages.pdf")
    assert doc.format == "pdf" and doc.page_count == 2
    by_text = {b.text: b.page for b in doc.blocks}
    assert any("hver anden måned" in t and p == 1 for t, p in by_text.items())
    assert any("fredag fra kl. 21 til kl. 2" in t and p == 2 for t, p in by_text.items())


def test_pdf_line_break_hyphen_is_joined():
    text = parse("two_pages.pdf").text
    assert "samarbejdet mellem skole og politi" in text and "sam- arbejdet" not in text


def test_encrypted_pdf_is_a_clear_error():
    with pytest.raises(ParseError, match="krypteret"):
        parse("encrypted.pdf")


@pytest.mark.parametrize("name", ["truncated.pdf", "corrupt.pdf"])
def test_damaged_pdf_is_a_clear_error(name):
    with pytest.raises(ParseError, match="beskadiget|tekstlag"):
        parse(name)


@pytest.mark.parametrize("name", ["empty.pdf", "empty.txt"])
def test_empty_file_is_a_clear_error(name):
    with pytest.raises(ParseError, match="tom"):
        parse(name)


def test_binary_junk_named_txt_is_refused():
    with pytest.raises(ParseError, match="binære"):
        parse("binary_junk.txt")


def test_unsupported_extension_names_the_type():
    with pytest.raises(UnsupportedFormat, match=r"\.xyz"):
        parse("notes.xyz")


def test_cp1252_text_is_decoded_with_danish_letters():
    text = parse("cp1252.txt").text
    assert "børn og unge i Åbjerg" in text and "\ufffd" not in text


def test_markdown_front_matter_becomes_metadata():
    doc = parse("front_matter.md")
    assert doc.metadata == {"title": "Lokalgrupper i Åbjerg", "kommune": "Åbjerg", "kind": "best practice",
                            "date": "2023-05-04", "url": "https://www.aabjerg.dk/ssp/lokalgrupper"}
    assert doc.blocks[0].kind == "heading" and "---" not in doc.text


def test_html_keeps_the_article_and_drops_navigation_and_footer():
    doc = parse("boilerplate.html")
    text = doc.text
    assert "Lokalbetjenten deltager i alle lokalgruppemøder." in text
    for chrome in ("Forside", "Erhverv", "Vi bruger cookies", "Rådhuspladsen 1", "Tilmeld dig vores nyhedsbrev"):
        assert chrome not in text
    assert doc.blocks[0] == doc.blocks[0].__class__("heading", "Ny SSP-indsats i Egeskov", level=1)


def test_minutes_keep_punkt_lines_as_headings():
    headings = [b.text for b in parse("minutes.txt").blocks if b.kind == "heading"]
    assert {"Punkt 1: Godkendelse af dagsorden", "Punkt 2: Beslutning om natteravne"} <= set(headings)


def test_abbreviation_fixture_splits_into_its_five_sentences():
    expected = json.loads((FIXTURES / "abbreviations.expected.json").read_text(encoding="utf-8"))
    assert split_sentences((FIXTURES / "abbreviations.txt").read_text(encoding="utf-8")) == expected
