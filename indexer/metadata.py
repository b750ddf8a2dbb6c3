"""Document metadata: read from front matter or a sidecar, else inferred from the text and file name."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import PurePath
from urllib.parse import urlsplit

from indexer.errors import InvalidInput

from indexer.blocks import AGENDA_ITEM
from indexer.kommuner import KOMMUNER
from indexer.models import ParsedDocument
from indexer.text import fold_danish
from indexer.title import infer_title

KINDS = ("fælles ramme", "rapport", "referat", "strategi", "handleplan", "best practice", "nyhed", "lov", "andet")
MONTHS = {m: i for i, m in enumerate(
    "januar februar marts april maj juni juli august september oktober november december".split(), 1)}
_SHORT_MONTHS = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}

_NAME = r"[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?"
_KOMMUNE_RE = re.compile(rf"\b({_NAME})s?\s+(Kommunes?|kommunes?)\b")
# Capitalised words before "Kommune" that do not name one: "Den Kommune", "Hver Kommune".
_NOT_A_NAME = frozenset("den din hver vores egen samme anden denne enhver og i til for fra med region".split())
_DATE_WORDS = re.compile(
    r"\b(\d{1,2})\.\s*(" + "|".join(list(MONTHS) + list(_SHORT_MONTHS)) + r")\.?\s+(\d{4})\b", re.IGNORECASE)
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_LABEL = re.compile(r"(?:dato|mødedato|publiceret|udgivet|vedtaget|godkendt)\s*:?\s*(?:\w+dag\s+)?(?:d\.\s*)?$",
                         re.IGNORECASE)
# Title wording decides the kind first; a kind's own word in the title is the strongest evidence.
_TITLE_KINDS = (
    ("fælles ramme", r"fælles ramme"),
    ("referat", r"\breferat|\bdagsorden|beslutningsprotokol"),
    ("handleplan", r"handleplan|indsatsplan|handlingsplan"),
    ("strategi", r"strategi"),
    ("best practice", r"best practice|god praksis"),
    ("rapport", r"rapport|undersøgelse|evaluering|analyse|kortlægning|opsamling|statistik"),
    ("nyhed", r"\bnyhed|pressemeddelelse"),
    ("lov", r"^(?:lov|bekendtgørelse|cirkulære)\b|\blov om\b"),
)

# Without a telling title, the kind's own noun (not "strategiske") in the opening lines.
_OPENING_KINDS = (
    ("handleplan", "handleplan|indsatsplan"),
    ("strategi", "strategi"),
    ("rapport", "rapport|undersøgelse|evaluering"),
    ("nyhed", "nyhed|pressemeddelelse"),
)


def safe_url(value: str) -> str:
    """A document link readers may follow: absolute http(s) with a host, no spaces or control
    characters, at most 2,000 characters. The one rule for every way metadata comes in (upload
    form, PATCH, front matter, sidecar, import); anything else, ``javascript:`` above all, is an
    InvalidInput."""
    url = value.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # "https://[::1"
        parts, host = None, None
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not host or len(url) > 2000
            or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url)):
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise InvalidInput(f"Ugyldig adresse {shown!r}; den skal begynde med https:// (eller http://).")
    return url


def kommune_name(value: str) -> str:
    """'Åbjerg Kommune' -> 'Åbjerg', 'Københavns Kommune' -> 'København'; other values unchanged."""
    name = re.sub(r"\s+kommunes?$", "", value.strip(), flags=re.IGNORECASE)
    if name.endswith("s") and name[:-1] in KOMMUNER:
        return name[:-1]
    return name


NATIONAL = "national"  # the kommune of material that speaks for no single kommune


def infer_kommune(text: str, name: str = "", *, title: str = "") -> str:
    """The kommune a document is about: "<Navn> Kommune" mentions, the title, the file name; else "national".

    The 98 real kommuner count wherever they are named. A name outside them (a new or
    fictional kommune) counts only as "<Navn> Kommune" with a capital K, and wins only when
    it is also in the title, the opening or the file name, or is named twice.
    """
    stem = fold_danish(PurePath(name).stem)
    scores: Counter = Counter()
    for match in _KOMMUNE_RE.finditer(text):
        kommune = match.group(1)
        known = kommune in KOMMUNER
        if kommune.lower() in _NOT_A_NAME or not (known or match.group(2)[0] == "K"):
            continue
        scores[kommune] += 3 if match.start() < 300 else 1
    for kommune in list(scores):
        if kommune in title or fold_danish(kommune) in stem:
            scores[kommune] += 3
    ranked = [k for k, n in scores.most_common() if k in KOMMUNER or n >= 2]
    if ranked:
        return ranked[0]
    for kommune in KOMMUNER:
        if re.search(rf"(?<![a-z]){re.escape(fold_danish(kommune))}(?![a-z])", stem):
            return kommune
    return NATIONAL


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
        month = match[2].lower()
        return _valid(int(match[3]), MONTHS.get(month) or _SHORT_MONTHS[month[:3]], int(match[1]))
    if match := _DATE_NUMERIC.search(value):
        return _valid(int(match[3]), int(match[2]), int(match[1]))
    return None


def infer_date(text: str) -> str | None:
    """A labelled date ("Mødedato", "Vedtaget", "Publiceret") in the opening, else the first date there."""
    head = text[:4000]
    candidates = []
    for pattern in (_DATE_WORDS, _DATE_NUMERIC, _DATE_ISO):
        for match in pattern.finditer(head):
            if parsed := parse_date(match.group(0)):
                labelled = bool(_DATE_LABEL.search(head[max(0, match.start() - 40):match.start()]))
                candidates.append((not labelled, match.start(), parsed))
    return min(candidates)[2] if candidates else None


def infer_kind(parsed: ParsedDocument, *, title: str) -> str:
    """The document type from its title, its structure (agenda items, web page) and its opening."""
    for kind, pattern in _TITLE_KINDS:
        if re.search(pattern, title.lower()):
            return kind
    if sum(1 for b in parsed.blocks if b.kind == "heading" and AGENDA_ITEM.match(b.text)) >= 2:
        return "referat"
    if _is_news(parsed):
        return "nyhed"
    opening = " ".join(b.text for b in parsed.blocks[:3]).lower()[:600]
    for kind, words in _OPENING_KINDS:
        if re.search(rf"\b(?:{words})(?:en|et|er|erne|s)?\b", opening):
            return kind
    return "andet"


def _is_news(parsed: ParsedDocument) -> bool:
    """A web page with a dateline, a news label, or press-release chrome around it."""
    hints = f"{parsed.metadata.get('description', '')} {parsed.metadata.get('web_chrome', '')}".lower()
    if re.search(r"\bnyhed|pressemeddelelse", hints):
        return True
    dateline = any(len(b.text.split()) <= 6 and parse_date(b.text) for b in parsed.blocks[:3])
    return parsed.format == "html" and dateline


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from langdetect (seeded, so stable); Danish wins when it is a close second."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        ranked = detect_langs(text[:5000])
    except LangDetectException:
        return None
    # Danish, Norwegian and Swedish are close; OCR damage pushes Danish towards Norwegian.
    if ranked[0].lang in ("no", "sv") and any(r.lang == "da" and r.prob >= 0.2 for r in ranked):
        return "da"
    return ranked[0].lang


def describe(parsed: ParsedDocument, *, name: str) -> dict:
    """All metadata fields for a parsed document: explicit values win over inferred ones."""
    explicit = parsed.metadata
    text = parsed.text
    title = infer_title(parsed, name)
    kind = explicit.get("kind", "").strip().lower() or infer_kind(parsed, title=title)
    kommune = explicit.get("kommune")
    return {
        "title": title,
        "kommune": kommune_name(kommune) if kommune else infer_kommune(
            f"{explicit.get('description', '')}\n{text}", name, title=title),
        "kind": kind,
        "date": parse_date(explicit["date"]) if explicit.get("date") else infer_date(text),
        "url": explicit.get("url"),
        "language": detect_language(text),
        "visibility": explicit.get("visibility"),
    }
