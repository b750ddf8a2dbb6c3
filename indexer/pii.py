"""Personal data in text: CPR numbers, Danish phone numbers, e-mail addresses (names later).

A minimal version of the interface agreed with the ingestion issue; that issue's detector
replaces this module. Other code depends only on PII_TYPES, PiiMatch, find_pii and mask_pii.
Detected values are never logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PII_TYPES = ("cpr", "phone", "email", "name")
LABELS = {"cpr": "[cpr]", "phone": "[telefon]", "email": "[e-mail]", "name": "[navn]"}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_CPR = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![\d-])")
# 8 digits, optionally +45/0045 first, grouped as 8, 4+4 or 2+2+2+2.
_PHONE = re.compile(
    r"(?<![\w+-])(?:(?:\+|00)45[ ]?)?(?:\d{8}|\d{4}[ ]\d{4}|\d{2}[ ]\d{2}[ ]\d{2}[ ]\d{2})(?![\w-])"
)


@dataclass(frozen=True)
class PiiMatch:
    """One piece of personal data: its type and character span in the text."""

    type: str
    start: int
    end: int


def _valid_cpr_date(day: int, month: int, year: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
            return True
        except ValueError:
            continue
    return False


def _cpr_matches(text: str) -> list[PiiMatch]:
    return [PiiMatch("cpr", m.start(), m.end()) for m in _CPR.finditer(text)
            if _valid_cpr_date(int(m[1]), int(m[2]), int(m[3]))]


def find_pii(text: str) -> list[PiiMatch]:
    """Personal data in ``text``, in reading order, without overlaps."""
    found = _cpr_matches(text)
    found += [PiiMatch("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    found += [PiiMatch("phone", m.start(), m.end()) for m in _PHONE.finditer(text)]
    kept: list[PiiMatch] = []
    for match in sorted(found, key=lambda m: (m.start, -m.end)):
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def mask_pii(text: str, matches: list[PiiMatch] | None = None, *,
             keep: frozenset[str] = frozenset()) -> str:
    """``text`` with each match replaced by its type label ("[telefon]"), except types in ``keep``."""
    matches = find_pii(text) if matches is None else matches
    out, position = [], 0
    for match in sorted(matches, key=lambda m: m.start):
        if match.type in keep or match.start < position:
            continue
        out.append(text[position:match.start])
        out.append(LABELS.get(match.type, f"[{match.type}]"))
        position = match.end
    out.append(text[position:])
    return "".join(out)
