"""Personal data in Danish SSP documents: CPR numbers, phone numbers, e-mails, and the names in
attendance lines and signature blocks.

Detected values are never logged; callers get types and positions only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PII_TYPES = ("cpr", "phone", "email", "name")
MASKS = {"cpr": "[cpr]", "phone": "[telefon]", "email": "[e-mail]", "name": "[navn]"}


@dataclass(frozen=True)
class PiiMatch:
    """One piece of personal data: its type and its span in the text."""

    type: str
    start: int
    end: int


_CPR = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![\d-])")
# Linear time on any input: a match starts only where a run of local-part characters starts
# (the look-behind), and every part has the length RFC 5321 allows. The unbounded
# ``[\w.+-]+@`` tried again from each character of a long word: quadratic, a minute for 100k.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z])")
_PHONE = re.compile(
    r"(?<![\w.,/-])(?:(?:\+|00)45[ ]?)?"
    r"(?:\d{2}[ ]\d{2}[ ]\d{2}[ ]\d{2}|\d{4}[ ]\d{4}|\d{8}|\d{2}[ ]\d{3}[ ]\d{3}|\d{3}[ ]\d{2}[ ]\d{3})"
    r"(?!\d|[.,]\d)"
)
_PHONE_LABEL = re.compile(r"(?:tlf|telefon|mobil|mob|tel|direkte|phone)\.?\s*:?\s*$", re.IGNORECASE)
_NOT_PHONE_LABEL = re.compile(r"(?:cvr|se|ean|p|konto|reg|sagsnr|j\.?\s*nr|nr|ca)\.?\s*:?\s*$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"\s{0,3}(?:kr\b|kroner|dkk|euro|mio|mia|%|procent)", re.IGNORECASE)
_YEARS = re.compile(r"^(?:19|20)\d\d (?:19|20)\d\d$")

_NAME_PART = r"[A-ZÆØÅ][a-zæøåäöüéè]+(?:-[A-ZÆØÅ][a-zæøåäöüéè]+)?"
_NAME = re.compile(rf"{_NAME_PART}(?: (?:{_NAME_PART}|[A-ZÆØÅ]\.)){{1,3}}")
# Words that are capitalised in these positions but are roles or places, not names.
ROLE_WORDS = frozenset(
    """formand næstformand direktør chef leder konsulent koordinator sekretær referent medlem
    kommune kommunes politi politiet skole center afdeling sekretariat udvalg styregruppe
    borgmester rådmand byråd ssp tlf telefon mail e-mail email mobil kontakt med venlig hilsen
    på vegne af og""".split()
)
_ATTENDANCE = re.compile(
    r"(?:Fraværende|Deltagere|Til stede|Tilstede|Afbud|Deltog|Fremmødte|Mødeleder|Referent|"
    r"Ordstyrer|Deltagende)\s*:[^\n]*",
    re.IGNORECASE,
)
_CLOSING = re.compile(r"(?:Med venlig hilsen|Venlig hilsen|Mvh\.?|På vegne af[^\n]*|Underskrevet af)\s*",
                      re.IGNORECASE)
_STREET = re.compile(r"(?:gade|vej|allé|alle|plads|torv|stræde|vænge|vænget|boulevard|park)$", re.IGNORECASE)
_SIGNATURE_REACH = 60  # characters between a name and the phone/e-mail it signs


def _cpr_date_ok(day: int, month: int, yy: int, serial: str) -> bool:
    """A real birth date, with the century the 7th digit gives (no modulus 11 since 2007)."""
    digit = int(serial[0])
    if digit <= 3:
        century = 1900
    elif digit in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        date(century + yy, month, day)
    except ValueError:
        return False
    return True


def _cprs(text: str) -> list[PiiMatch]:
    return [PiiMatch("cpr", m.start(), m.end()) for m in _CPR.finditer(text)
            if _cpr_date_ok(int(m[1]), int(m[2]), int(m[3]), m[4])]


def _phones(text: str) -> list[PiiMatch]:
    out = []
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))[-8:]
        before = text[max(0, m.start() - 20):m.start()]
        labelled = bool(_PHONE_LABEL.search(before)) or m.group(0).startswith(("+", "00"))
        if _NOT_PHONE_LABEL.search(before) and not labelled:
            continue
        if not labelled and (digits[0] in "01" or _YEARS.match(m.group(0)) or _AMOUNT_AFTER.match(text, m.end())):
            continue  # unlabelled: Danish subscriber numbers start with 2-9; never "2019 2020" or amounts
        out.append(PiiMatch("phone", m.start(), m.end()))
    return out


def _names_in(text: str, start: int, end: int) -> list[PiiMatch]:
    """Person-name-shaped runs of capitalised words in text[start:end], role words trimmed."""
    out = []
    for m in _NAME.finditer(text, start, end):
        words = m.group(0).split(" ")
        while words and words[-1].lower().rstrip(".") in ROLE_WORDS:
            words.pop()
        while words and words[0].lower() in ROLE_WORDS:
            words.pop(0)
        if len(words) >= 2 and not _STREET.search(words[-1]):  # "Herluf Trolles Gade" is an address
            first = text.index(words[0], m.start())
            last = text.index(words[-1], first) + len(words[-1])
            out.append(PiiMatch("name", first, last))
    return out


def _names(text: str, contacts: list[PiiMatch]) -> list[PiiMatch]:
    """Names in attendance lines, after closing phrases, and just before a phone or e-mail."""
    out = []
    for m in _ATTENDANCE.finditer(text):
        out.extend(_names_in(text, m.start() + m.group(0).index(":") + 1, m.end()))
    for m in _CLOSING.finditer(text):
        out.extend(_names_in(text, m.end(), min(len(text), m.end() + 160)))
    for contact in contacts:
        out.extend(_names_in(text, max(0, contact.start - _SIGNATURE_REACH), contact.start))
    return out


def find_pii(text: str) -> list[PiiMatch]:
    """All personal data in ``text``, sorted by position, without overlaps."""
    emails = [PiiMatch("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    numbers = _cprs(text)
    phones = [p for p in _phones(text) if not any(p.start < c.end and c.start < p.end for c in numbers)]
    matches = emails + numbers + phones
    return merge_matches(matches + _names(text, emails + phones))


def merge_matches(matches: list[PiiMatch]) -> list[PiiMatch]:
    """Sorted by position; of overlapping matches the earliest (and longest) wins."""
    out: list[PiiMatch] = []
    for match in sorted(set(matches), key=lambda m: (m.start, -m.end)):
        if not out or match.start >= out[-1].end:
            out.append(match)
    return out


def find_names(text: str, names: set[str] | frozenset[str]) -> list[PiiMatch]:
    """Every occurrence of names already recognised elsewhere in the same document.

    A signature often lands in another chunk than the "På vegne af" that marks it.
    """
    out = []
    for name in names:
        out.extend(PiiMatch("name", m.start(), m.end())
                   for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))
    return out


def pii_types(matches: list[PiiMatch]) -> list[str]:
    """The sorted distinct types of some matches."""
    return sorted({m.type for m in matches})


def mask_pii(text: str, matches: list[PiiMatch] | None = None, *, keep: frozenset[str] = frozenset()) -> str:
    """``text`` with personal data replaced by its type ("[telefon]"); types in ``keep`` stay."""
    matches = find_pii(text) if matches is None else matches
    out, last = [], 0
    for m in sorted(matches, key=lambda m: m.start):
        if m.type in keep or m.start < last:
            continue
        out.append(text[last:m.start] + MASKS[m.type])
        last = m.end
    out.append(text[last:])
    return "".join(out)
