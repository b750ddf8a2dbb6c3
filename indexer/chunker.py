"""Blocks -> chunks along structure: headings first, then paragraphs, then sentences."""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.models import Block, Chunk
from indexer.settings import ChunkingSettings
from indexer.text import split_sentences, word_count


@dataclass
class _Section:
    path: tuple[str, ...]
    units: list[Block] = field(default_factory=list)
    standalone: bool = False

    @property
    def words(self) -> int:
        return sum(word_count(u.text) for u in self.units)


def split_document(blocks: tuple[Block, ...] | list[Block], *, doc_id: str,
                   settings: ChunkingSettings | None = None) -> list[Chunk]:
    """Cut a document's blocks into chunks of about ``target_words`` that keep their section."""
    settings = settings or ChunkingSettings()
    sections = _merge_small(_sections(blocks), settings.min_words, settings.max_words)
    pieces: list[tuple[tuple[str, ...], list[Block]]] = []
    for section in sections:
        units = [u for b in section.units for u in _fit(b, settings.max_words)]
        pieces.extend((section.path, group) for group in _pack(units, settings))
    return [
        Chunk(
            doc_id=doc_id,
            chunk_no=n,
            text="\n\n".join(u.text for u in group),
            section=" > ".join(path) or None,
            page=next((u.page for u in group if u.page is not None), None),
            page_end=next((u.page for u in reversed(group) if u.page is not None), None),
            page_starts=page_starts(group),
        )
        for n, (path, group) in enumerate(pieces)
    ]


def page_starts(group: list[Block]) -> tuple[tuple[int, int], ...]:
    """(line, page) where each page begins in the text of a chunk made of ``group``.

    Lines, not characters: OCR repair and masking of personal data change the length of a
    chunk's text but never its line breaks, so the lines stay true for every view of it."""
    starts: list[tuple[int, int]] = []
    line = 0
    for unit in group:
        if unit.page is not None and (not starts or starts[-1][1] != unit.page):
            starts.append((line, unit.page))
        line += unit.text.count("\n") + 2  # the blank line that joins units
    return tuple(starts)


def _sections(blocks) -> list[_Section]:
    """Group blocks under their heading path (a stack of headings by level)."""
    stack: list[tuple[int, str]] = []
    sections = [_Section(path=())]
    for block in blocks:
        if block.kind == "heading":
            stack = [(lvl, txt) for lvl, txt in stack if lvl < block.level]
            stack.append((block.level, block.text.strip().rstrip(":.")))
            sections.append(_Section(path=tuple(t for _, t in stack), standalone=block.standalone))
        else:
            sections[-1].units.append(block)
    return [s for s in sections if s.units or s.path]


def _merge_small(sections: list[_Section], min_words: int, max_words: int) -> list[_Section]:
    """Merge very short sections with their neighbours, never across a standalone section."""
    out: list[_Section] = []
    run: list[_Section] = []
    for section in sections:
        if section.standalone:
            out.extend(_merge_run(run, min_words, max_words))
            run = []
            out.append(section)
        else:
            run.append(section)
    return out + _merge_run(run, min_words, max_words)


def _merge_run(sections: list[_Section], min_words: int, max_words: int) -> list[_Section]:
    """Fold very short sections forward into the next one; later headings become text lines."""
    merged: list[_Section] = []
    carry: _Section | None = None
    for n, section in enumerate(sections):
        current = _join(carry, section) if carry is not None else _Section(section.path, list(section.units))
        carry = None
        if current.words < min_words and n < len(sections) - 1:
            carry = current
            continue
        if current.words < min_words and merged and merged[-1].words + current.words <= max_words:
            merged[-1] = _join(merged[-1], current)
            continue
        merged.append(current)
    return merged


def _join(carry: _Section, section: _Section) -> _Section:
    """A short section followed by the next one, under the path that names them best."""
    if not carry.units and section.path[: len(carry.path)] == carry.path:
        return _Section(section.path, list(section.units))  # an empty parent: the child's path names it
    if not carry.units:
        # An empty heading before a sibling (a masthead such as "VIVE"): the sibling names the section.
        masthead = [Block("paragraph", carry.path[-1])] if carry.path else []
        return _Section(section.path, masthead + section.units)
    page = section.units[0].page if section.units else None
    heading = [Block("paragraph", section.path[-1], page=page)] if section.path and section.path != carry.path else []
    return _Section(carry.path, carry.units + heading + section.units)


def _fit(block: Block, max_words: int) -> list[Block]:
    """Split a block larger than ``max_words`` at list items or sentence boundaries."""
    if word_count(block.text) <= max_words:
        return [block]
    parts = block.text.split("\n") if block.kind in ("list", "table") else split_sentences(block.text)
    out: list[Block] = []
    current: list[str] = []
    joiner = "\n" if block.kind in ("list", "table") else " "
    for part in parts:
        for piece in _hard_split(part, max_words):
            if current and word_count(joiner.join(current + [piece])) > max_words:
                out.append(Block(block.kind, joiner.join(current), page=block.page))
                current = []
            current.append(piece)
    if current:
        out.append(Block(block.kind, joiner.join(current), page=block.page))
    return out


def _hard_split(text: str, max_words: int) -> list[str]:
    """Last resort for run-on text without sentence boundaries: cut every ``max_words`` words."""
    words = text.split()
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)] or [text]


def _pack(units: list[Block], settings: ChunkingSettings) -> list[list[Block]]:
    """Greedily pack units into groups near ``target_words``, never above ``max_words``."""
    groups: list[list[Block]] = []
    current: list[Block] = []
    words = 0
    for unit in units:
        n = word_count(unit.text)
        if current and (words + n > settings.max_words or words >= settings.target_words):
            groups.append(current)
            current, words = [], 0
        current.append(unit)
        words += n
    if current:
        # A small tail joins the previous group when it fits, instead of standing alone.
        if groups and words < settings.min_words and _words(groups[-1]) + words <= settings.max_words:
            groups[-1].extend(current)
        else:
            groups.append(current)
    return groups


def _words(group: list[Block]) -> int:
    return sum(word_count(u.text) for u in group)
