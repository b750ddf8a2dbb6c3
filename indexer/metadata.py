"""Document metadata: read from front matter, else inferred from the text and file name."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import PurePath

from indexer.kommuner import KOMMUNER
from indexer.models import ParsedDocument

KINDS = ("fælles ramme", "rapport", "referat", "strategi", "handleplan", "best practice", "nyhed", "lov", "andet")
MONTHS = {m: i for i, m in enumerate(
    "januar februar marts april maj juni juli august september oktober november december".split(), 1)}

_KOMMUNE_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in KOMMUNER), key=len, reverse=True)) + r")s?\s+[Kk]ommunes?\b"
)
_DATE_WORDS = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def infer_kommune(text: str, name: str = "") -> str:
    """The municipality named most often as "<Navn> Kommune", else in the file name, else "national"."""
    counts = Counter(m.group(1) for m in _KOMMUNE_RE.finditer(text))
    if counts:
        return counts.most_common(1)[0][0]
    stem = PurePath(name).stem.lower()
    for kommune in KOMMUNER:
        if re.search(rf"(?<![a-zæøå]){re.escape(kommune.lower())}(?![a-zæøå])", stem):
            return kommune
    return "national"


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat() if 1950 <= year <= 2100 else None
    except ValueError:
        return None


def parse_date(value: str) -> str | None:
    """A Danish or ISO date in ``value`` -> 'YYYY-MM-DD', or None."""
    value = value.strip()
    if match := _DATE_ISO.search(value):
        return _valid(int(match[1]), int(match[2]), int(match[3]))
    if match := _DATE_WORDS.search(value):
        return _valid(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    if match := _DATE_NUMERIC.search(value):
        return _valid(int(match[3]), int(match[2]), int(match[1]))
    return None


def infer_date(text: str) -> str | None:
    """The first valid date written in the opening of the text."""
    head = text[:4000]
    candidates = []
    for pattern in (_DATE_WORDS, _DATE_NUMERIC, _DATE_ISO):
        for match in pattern.finditer(head):
            if parsed := parse_date(match.group(0)):
                candidates.append((match.start(), parsed))
    return min(candidates)[1] if candidates else None


def infer_kind(parsed: ParsedDocument) -> str:
    """A rough document type from structure and wording."""
    text = parsed.text[:6000].lower()
    if re.search(r"\breferat\b", text) or re.search(r"^punkt \d+:", text, re.MULTILINE):
        return "referat"
    if "fælles ramme" in text and "ssp" in text[:300]:
        return "fælles ramme"
    for kind, words in (
        ("handleplan", ("handleplan",)),
        ("strategi", ("strategi",)),
        ("rapport", ("undersøgelse", "rapport", "undersggelse")),
        ("nyhed", ("nyhed", "pressemeddelelse")),
    ):
        if any(re.search(rf"\b{w}(?:en|er|erne)?\b", text[:1500]) for w in words):
            return kind
    return "andet"


def infer_title(parsed: ParsedDocument, name: str) -> str:
    """Front matter or embedded title, else the first heading, else the file name."""
    if title := parsed.metadata.get("title"):
        return title
    heading = next((b.text for b in parsed.blocks if b.kind == "heading"), None)
    if heading:
        return heading[:200]
    first = next((b.text for b in parsed.blocks), "")
    if first and len(first.split()) <= 14:
        return first[:200]
    return PurePath(name).stem.replace("_", " ")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from langdetect (seeded, so the result is stable), or None."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(text[:5000])
    except LangDetectException:
        return None


def describe(parsed: ParsedDocument, *, name: str) -> dict:
    """All metadata fields for a parsed document: explicit values win over inferred ones."""
    explicit = parsed.metadata
    text = parsed.text
    kind = explicit.get("kind", "").strip().lower() or infer_kind(parsed)
    return {
        "title": infer_title(parsed, name),
        "kommune": explicit.get("kommune") or infer_kommune(text, name),
        "kind": kind,
        "date": parse_date(explicit["date"]) if explicit.get("date") else infer_date(text),
        "url": explicit.get("url"),
        "language": detect_language(text),
    }
