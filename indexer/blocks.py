"""Plain text -> structural blocks (headings, paragraphs, lists, tables).

Used for .txt/.md files and for the text layer of each PDF page, so the chunker sees
the same kind of structure whatever the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from indexer.lexicon import load_lexicon
from indexer.models import Block
from indexer.text import normalize

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(?:[-*•–▪●]|\d{1,2}[.)])\s+\S")
_TABLE_ROW = re.compile(r"^\|.*\|$")
# "Punkt 3: Beslutning om temaeftermiddage": an agenda item of minutes.
AGENDA_ITEM = re.compile(r"^(?:Punkt|Pkt\.|Dagsordenspunkt|Sag)\s*(?:nr\.\s*)?\d{1,3}\s*[:.]\s*\S", re.IGNORECASE)
_TAG = re.compile(r"</?(?:p|b|i|u|em|strong|span|div|br|font|a|small)\b[^>]*>", re.IGNORECASE)
_SUP = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)
_TERMINAL = ".,;:!?"


def strip_stray_html(text: str) -> str:
    """Remove inline HTML left in text renderings (``<p>``, ``<b>``, footnote ``<sup>``)."""
    return _TAG.sub("", _SUP.sub("", text))


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one paragraph, repairing line-break hyphenation."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out = _join_at_hyphen(out, line)
        else:
            out = f"{out} {line}"
    return out


# After a line-break hyphen these words mean a shortened compound: "skole- og socialforvaltning".
_SUSPENDED = frozenset("og eller samt til som end".split())
_FRAGMENT = re.compile(r"(?<![\w&@|])([\w&@|]+)-$")
MAX_FRAGMENT = 100  # characters of a line's end searched for a word broken at the line end


def _join_at_hyphen(left: str, right: str) -> str:
    """Join a line ending in "-" to the next: one word, a real hyphen, or a shortened compound.

    "sam-" + "arbejdet" is one word broken at the line end; "SSP-" + "konsulent" and
    "10-" + "årige" keep their hyphen (acronym or number first), and so does a word the
    dictionary knows with its hyphen ("e-" + "mail"); "skole-" + "og" is "skole- og".
    """
    match = _FRAGMENT.search(left[-MAX_FRAGMENT:])  # the whole line: quadratic on a long word
    next_word = re.match(r"[\w&@|]+", right)
    if not match or not next_word:
        return left + right
    head, tail = match.group(1), next_word.group(0)
    if tail.lower() in _SUSPENDED:
        return f"{left} {right}"
    if not tail[:1].islower() or head.isupper() or any(c.isdigit() for c in head if c not in "34"):
        return left + right
    if load_lexicon().listed(f"{head}-{tail}"):
        return left + right
    return left[:-1] + right


def _agenda_run(prev: str | None, nxt: str | None) -> bool:
    """True when an agenda line has agenda lines around it: the list of items, not an item."""
    return any(line is not None and AGENDA_ITEM.match(line) for line in (prev, nxt))


def _is_heading_line(line: str, prev: str | None, nxt: str | None) -> bool:
    """A short capitalised line standing alone between sentences reads as a heading."""
    words = line.split()
    if not words or len(words) > 9 or len(line) > 90 or line[-1] in _TERMINAL + "-":
        return False
    if not (line[0].isupper() or line[0] in "§"):
        return False
    prev_ok = prev is None or not prev.strip() or prev.rstrip()[-1] in ".!?:"
    nxt_ok = nxt is None or not nxt.strip() or nxt.lstrip()[:1].isupper() or nxt.lstrip()[:1].isdigit()
    return prev_ok and nxt_ok


def text_to_blocks(text: str, *, page: int | None = None, markdown: bool = False) -> Iterator[Block]:
    """Split text into blocks; ``page`` is stamped on every block."""
    lines = normalize(strip_stray_html(text)).split("\n")
    para: list[str] = []
    items: list[str] = []
    rows: list[str] = []

    def flush() -> Iterator[Block]:
        if para:
            yield Block("paragraph", join_lines(para), page=page)
            para.clear()
        if items:
            yield Block("list", "\n".join(items), page=page)
            items.clear()
        if rows:
            yield Block("table", "\n".join(rows), page=page)
            rows.clear()

    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        heading = _MD_HEADING.match(line) if markdown else None
        if not line:
            yield from flush()
        elif AGENDA_ITEM.match(line) and not _agenda_run(prev, nxt):
            yield from flush()
            yield Block("heading", line.rstrip(":"), page=page, level=1, standalone=True)
        elif heading:
            yield from flush()
            if heading.group(2):
                yield Block("heading", heading.group(2), page=page, level=len(heading.group(1)))
        elif _TABLE_ROW.match(line):
            if para or items:
                yield from flush()
            rows.append(line)
        elif _LIST_ITEM.match(line) or AGENDA_ITEM.match(line):
            if para or rows:
                yield from flush()
            items.append(line)
        elif items and not para and prev:
            items[-1] = join_lines([items[-1], line])  # continuation of a wrapped list item
        elif not markdown and not para and _is_heading_line(line, prev, nxt):
            yield from flush()
            yield Block("heading", line, page=page, level=3)
        else:
            if rows or items:
                yield from flush()
            if not markdown and para and _is_heading_line(line, para[-1], nxt):
                yield from flush()
                yield Block("heading", line, page=page, level=3)
            else:
                para.append(line)
    yield from flush()
