"""Which PDF page a sentence of a passage is on.

A passage can span pages: short pages (slides, letters) are merged into one chunk. The
indexer records where each page begins as ``page_starts`` [[line, page], ...] in the payload
(indexer.chunker.page_starts). Lines rather than characters: OCR repair and masking change a
passage's length but never its line breaks, so a sentence found in the text as the reader sees
it maps to the same line in every view. Points indexed before ``page_starts`` existed fall back
to the passage's first page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from search_api.retrieval.highlight import coverage


class Paged(Protocol):
    """What a hit offers for page lookup (search_api.retrieval.search.Hit)."""

    text: str
    page: int | None
    pages: tuple[int, int] | None
    page_starts: tuple[tuple[int, int], ...]


def starts_of(payload: Mapping) -> tuple[tuple[int, int], ...]:
    """The (line, page) starts stored with a chunk; () for non-PDFs and older points."""
    return tuple((int(line), int(page)) for line, page in payload.get("page_starts") or ())


def span_of(payload: Mapping) -> tuple[int, int] | None:
    """[first, last] page of a chunk, or None when it has no pages (not a PDF)."""
    first = payload.get("page")
    if first is None:
        return None
    return first, payload.get("page_end") or first


def page_at(text: str, fragment: str | None, *, starts: Sequence[tuple[int, int]], default: int | None) -> int | None:
    """The page holding ``fragment`` in ``text``; ``default`` when the fragment or the starts are unknown."""
    at = locate(text, fragment) if fragment and starts else None
    if at is None:
        return default
    line = text.count("\n", 0, at)
    page = starts[0][1]
    for start, number in starts:
        if start > line:
            break
        page = number
    return page


def locate(text: str, fragment: str) -> int | None:
    """Where ``fragment`` begins in ``text``: exactly, or with any run of whitespace (a sentence
    joined across a line break) matching any other; None when it is not there."""
    at = text.find(fragment)
    if at >= 0:
        return at
    words = fragment.split()
    if not words:
        return None
    match = re.search(r"\s+".join(map(re.escape, words)), text)
    return match.start() if match else None


def page_of(source: Paged | Mapping, fragment: str | None, *, text: str | None = None) -> int | None:
    """The page of a hit (or a stored payload) that holds ``fragment``, e.g. a citation's quote.

    ``text``: the passage as the reader sees it, when the caller has it (payloads hold it unmasked;
    masking never moves a line, so either works). Falls back to the passage's first page."""
    if isinstance(source, Mapping):
        starts, first = starts_of(source), (span_of(source) or (None,))[0]
        text = text if text is not None else source.get("text") or ""
    else:
        starts, first = source.page_starts, (source.pages or (source.page,))[0]
        text = text if text is not None else source.text
    return page_at(text, fragment, starts=starts, default=first)


def best_highlight(highlights: Sequence[str], query: str) -> str | None:
    """The highlight with the most question words (highlights come in reading order)."""
    if not highlights:
        return None
    return max(highlights, key=lambda sentence: coverage(query, sentence))
