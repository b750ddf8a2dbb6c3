"""A document's title: the embedded one when it is real, else the first title-like heading.

Documents open with things that are not titles: an addressee block ("Til" + ministers), a
masthead ("VIVE", "Havbjerg Kommune", an institution name in capitals), a bare "REFERAT".
"""

from __future__ import annotations

import re
from pathlib import PurePath

from indexer.models import Block, ParsedDocument

_JUNK_TITLE = re.compile(r"^(?:microsoft word\s*-|untitled|unavngivet|dokument\s*\d*$|document\s*\d*$)|"
                         r"\.(?:docx?|pdf|indd|odt)$", re.IGNORECASE)
_MINUTES = re.compile(r"^(referat|dagsorden|beslutningsprotokol)\b[:.\s-]*(.*)$", re.IGNORECASE)
_MASTHEAD = re.compile(r"^(?:[\wÆØÅæøå-]+\s){0,3}kommunes?$|^[A-ZÆØÅ]{2,6}$", re.IGNORECASE)
_GENERIC = frozenset({"introduktion", "indledning", "baggrund", "resumé", "sammenfatning", "forord",
                      "indhold", "indholdsfortegnelse", "formål"})
_SCAN = 8  # a title stands among the first blocks


def _words(text: str) -> int:
    return len(text.split())


def _unshout(text: str) -> str:
    """'SSP-SAMARBEJDET' -> 'SSP-samarbejdet': capitals kept for acronyms only."""
    if not text.isupper():
        return text
    def word(w: str) -> str:
        parts = w.split("-")
        return "-".join(p if len(p) <= 4 and i == 0 and len(parts) > 1 else p.lower() for i, p in enumerate(parts))
    out = " ".join(word(w) for w in text.split())
    return out[:1].upper() + out[1:]


def _candidates(blocks: tuple[Block, ...]) -> list[Block]:
    """The opening blocks that could hold the title, addressee blocks left out."""
    out, addressee = [], False
    for block in blocks[:_SCAN]:
        text = block.text.strip()
        if text.lower().rstrip(":") == "til":
            addressee = True
            continue
        if addressee and not (block.kind == "heading" and _words(text) >= 5):
            continue  # "Justitsminister Mattias Tesfaye", ...: the addressee, not the subject
        addressee = False
        out.append(block)
    return out


def _from_blocks(blocks: tuple[Block, ...]) -> str | None:
    """The first heading that is not a masthead, with a subtitle when it is very short."""
    candidates = _candidates(blocks)
    for i, block in enumerate(candidates):
        text = " ".join(block.text.split())
        following = candidates[i + 1] if i + 1 < len(candidates) else None
        match = _MINUTES.match(text)
        if match and (match.group(1).isupper() or text[len(match.group(1)):].lstrip().startswith(":")):
            rest = match.group(2).strip() or (following.text.strip() if following else "")
            return f"{match.group(1).capitalize()}: {rest}".rstrip(": ")
        if block.kind != "heading" or text.lower() in _GENERIC:
            continue
        if following is not None and (_MASTHEAD.match(text) or (text.isupper() and _words(text) >= 4)):
            continue
        title = _unshout(text)
        if following is not None and _words(title) <= 3 and following.kind == "heading" \
                and _words(following.text) <= 12 and following.text.lower() not in _GENERIC:
            title = f"{title}. {following.text.strip()}"
        return title
    return None


def infer_title(parsed: ParsedDocument, name: str) -> str:
    """Front matter or embedded title, else the first title-like heading, else the file name."""
    explicit = (parsed.metadata.get("title") or "").strip()
    if explicit and not _JUNK_TITLE.search(explicit):
        return explicit[:200]
    if title := _from_blocks(parsed.blocks):
        return title[:200]
    first = next((b.text for b in parsed.blocks), "")
    if first and _words(first) <= 14:
        return first[:200]
    return PurePath(name).stem.replace("_", " ")
