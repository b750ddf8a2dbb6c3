"""Minutes (referater): one section per agenda item, the attendance line once per meeting.

Municipal minutes repeat the same skeleton under every "Punkt N: <titel>": Sagsfremstilling,
Indstilling, Beslutning, and often the same "Fraværende:" line. Each item becomes its own
section; the sub-labels become inline labels ("Indstilling: ..."), not headings, so the
section of a chunk is the item; a "Fraværende:" line repeated under every item is moved to
the meeting header once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.blocks import AGENDA_ITEM
from indexer.models import Block

LABELS = frozenset({
    "sagsfremstilling", "indstilling", "beslutning", "lovgrundlag", "økonomi", "bilag", "resumé",
    "baggrund", "høring", "kommunikation", "konsekvenser", "bemærkninger", "orientering",
    "tidligere beslutninger", "beslutningskompetence", "sagen afgøres af", "sagsnr", "sagsnummer",
})
# Closing parts of minutes that are not part of the last item.
CLOSING = frozenset({"kontakt", "kontaktoplysninger", "underskrifter", "underskrift"})
_ATTENDANCE = re.compile(r"^(?:Fraværende|Afbud|Fravær)\s*:", re.IGNORECASE)


def _is_item(block: Block) -> bool:
    return block.kind == "heading" and bool(AGENDA_ITEM.match(block.text))


def _name(block: Block) -> str:
    return " ".join(block.text.split()).rstrip(":").lower()


def is_minutes(blocks: list[Block]) -> bool:
    """At least two agenda items as headings."""
    return sum(1 for b in blocks if _is_item(b)) >= 2


def restructure_minutes(blocks: list[Block]) -> list[Block]:
    """Agenda items as standalone sections, labels inline, a repeated attendance line once."""
    if not is_minutes(blocks):
        return list(blocks)
    first = next(i for i, b in enumerate(blocks) if _is_item(b))
    header, parts = list(blocks[:first]), _split_items(blocks[first:])
    repeated = _repeated_attendance(parts)
    out = _header(header, repeated)
    for item_heading, body in parts:
        out.append(replace(item_heading, level=1, standalone=True))
        out.extend(_item_body(body, drop=repeated))
    return out


def _split_items(blocks: list[Block]) -> list[tuple[Block, list[Block]]]:
    """(heading, body) per agenda item; a closing "Kontakt" part becomes its own item."""
    parts: list[tuple[Block, list[Block]]] = []
    for block in blocks:
        if _is_item(block) or (block.kind == "heading" and _name(block) in CLOSING):
            parts.append((block, []))
        else:
            parts[-1][1].append(block)
    return parts


def _repeated_attendance(parts: list[tuple[Block, list[Block]]]) -> set[str]:
    """Attendance lines that stand under two or more items."""
    counts: dict[str, int] = {}
    for _, body in parts:
        for text in {b.text.strip() for b in body if _ATTENDANCE.match(b.text.strip())}:
            counts[text] = counts.get(text, 0) + 1
    return {text for text, n in counts.items() if n >= 2}


def _header(header: list[Block], repeated: set[str]) -> list[Block]:
    """The meeting header: its first heading stays a heading, the rest is text, plus attendance."""
    out: list[Block] = []
    for block in header:
        if block.kind == "heading" and out:
            block = Block("paragraph", block.text, page=block.page)
        elif block.kind == "heading":
            block = replace(block, level=1, standalone=True)
        out.append(block)
    present = {b.text.strip() for b in out}
    page = header[-1].page if header else None
    out.extend(Block("paragraph", text, page=page) for text in sorted(repeated) if text not in present)
    return out


def _item_body(body: list[Block], *, drop: set[str]) -> list[Block]:
    """An item's blocks: inferred headings become text, a label joins the text it introduces."""
    out: list[Block] = []
    label: Block | None = None
    for block in body:
        if block.text.strip() in drop:
            continue
        if block.kind == "heading" and _name(block) in LABELS:
            if label is not None:
                out.append(Block("paragraph", f"{label.text.rstrip(':')}:", page=label.page))
            label = block
            continue
        if block.kind == "heading":
            block = Block("paragraph", block.text, page=block.page)
        if label is not None and block.kind == "paragraph":
            block = replace(block, text=f"{label.text.rstrip(':')}: {block.text}")
        elif label is not None:
            out.append(Block("paragraph", f"{label.text.rstrip(':')}:", page=label.page))
        label = None
        out.append(block)
    return out
