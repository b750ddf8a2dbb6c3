"""Boilerplate that survives text extraction: web-page chrome in text renderings, tables of contents.

A web page saved as text (seed 003) still carries "Del", "Nøgleord", a newsletter sign-up
and a list of other press releases. These are recognised by their wording, and only in
documents that look like web pages, so a report with a "Links" section keeps it.
"""

from __future__ import annotations

import re

from indexer.models import Block
from indexer.text import word_count

# Lines that are page furniture wherever they stand on a web page.
_CHROME = re.compile(
    r"^(?:del|del (?:på|via) [\w-]+|del (?:denne )?(?:side|artikel|nyhed)|udskriv|print|tilbage|"
    r"gå til (?:indhold|hovedindhold)|til toppen|læs op|nøgleord|tags|emner|kontakter|links)$",
    re.IGNORECASE,
)
# Headings that start the trailer of a web page: everything from here on is not the article.
_TRAILER = re.compile(
    r"^(?:flere (?:nyheder|pressemeddelelser|artikler)\b.*|andre nyheder|relaterede (?:nyheder|artikler)|"
    r"seneste nyheder|læs også|nøgleord|følg (?:os|pressemeddelelser|nyheder)\b.*|"
    r"tilmeld (?:dig )?(?:vores |vort )?nyhedsbrev\b.*|skriv dig op\b.*|information om [\w ]+)$",
    re.IGNORECASE,
)
_TOC_HEADING = re.compile(r"^(?:indholdsfortegnelse|indhold)$", re.IGNORECASE)
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,})\s*\|?\s*\d{1,4}\s*\|?\s*$")
_TRAILER_FROM = 0.4  # the trailer starts after this share of the words


def _line(block: Block) -> str:
    return " ".join(block.text.split()).rstrip(":")


def looks_like_web_page(blocks: list[Block]) -> bool:
    """Two or more chrome or trailer lines standing alone: a web page rendered as text."""
    hits = {_line(b).lower() for b in blocks if word_count(b.text) <= 8
            and (_CHROME.match(_line(b)) or _TRAILER.match(_line(b)))}
    return len(hits) >= 2


def strip_web_chrome(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """Blocks without share rows and without the page trailer, and the blocks removed."""
    if not looks_like_web_page(blocks):
        return blocks, []
    total = sum(word_count(b.text) for b in blocks) or 1
    kept: list[Block] = []
    removed: list[Block] = []
    seen = 0
    for n, block in enumerate(blocks):
        short = word_count(block.text) <= 8
        if short and seen / total >= _TRAILER_FROM and _TRAILER.match(_line(block)):
            return kept, removed + blocks[n:]
        seen += word_count(block.text)
        (removed if short and _CHROME.match(_line(block)) else kept).append(block)
    return kept, removed


def strip_table_of_contents(blocks: list[Block]) -> list[Block]:
    """Drop a table of contents: its heading and the dot-leader lines that follow it."""
    out: list[Block] = []
    for block in blocks:
        lines = [line for line in block.text.split("\n") if line.strip() and not set(line) <= set("|-: ")]
        if lines and sum(1 for line in lines if _TOC_LINE.search(line)) >= max(2, len(lines) / 2):
            if out and out[-1].kind == "heading" and _TOC_HEADING.match(_line(out[-1])):
                out.pop()
            continue
        out.append(block)
    return out


def strip_boilerplate(blocks: list[Block]) -> tuple[list[Block], str]:
    """All boilerplate removal for one document, and the web chrome removed (as text)."""
    blocks, removed = strip_web_chrome(list(blocks))
    return strip_table_of_contents(blocks), "\n".join(b.text for b in removed)
