"""OCR repair: the typical damage to æ, ø and å, and "|" read for "I".

Scanned Danish PDFs lose their special letters: "børn" comes out as "bern" or "bgrn",
"rådgivning" as "radgivning", "undersøgelse" as "undersggelse". A word is changed only
when the lexicon does not know it and knows the repaired form; everything else is left
exactly as written.
"""

from __future__ import annotations

import re
from itertools import islice
from dataclasses import dataclass

from indexer.lexicon import Lexicon, countable

# Damaged spelling -> the letter it stands for, as seen in OCR output of Danish text.
DAMAGE: dict[str, tuple[str, ...]] = {
    "ae": ("æ",), "ee": ("æ",), "ze": ("æ",), "se": ("æ",), "as": ("æ",), "z": ("æ",),
    "ea": ("ø",), "g": ("ø",), "@": ("ø",), "0": ("ø",), "o": ("ø",), "d": ("å", "ø"),
    "a": ("å", "ø", "æ"), "e": ("ø", "æ"), "&": ("å",), "3": ("å",), "4": ("å",),
    "éa": ("å",), "é": ("å",), "ad": ("å",), "da": ("å",),
}
# "aa" is left alone: it is the old spelling of "å" in names (Aalborg, Ødegaard), not OCR damage.
_PATTERNS = sorted(DAMAGE, key=len, reverse=True)
MAX_EDITS = 3
# Bounds that keep repair linear in the text: the candidates grow with the cube of a word's
# damage sites (a 25-letter "aaaa…" took 10 s), and real damaged words are short.
MAX_WORD = 30  # longer tokens are left as written ("ungdomsuddannelsesvejledningen" has 30)
MAX_CANDIDATES = 2000  # per word; "undersggelse" has 174, "kriminalpraeventionsindsatsen" 993
# Candidates a text may try in all (each costs a lexicon look-up, 0.1-0.3 ms): enough for a
# badly damaged passage, while a text made of long made-up words cannot cost minutes.
BUDGET_BASE, BUDGET_PER_TOKEN = 4000, 40
_TOKEN = re.compile(r"[A-Za-zÆØÅæøåÉé@&|0-9]+")
_LETTER = re.compile(r"[A-Za-zÆØÅæøåÉé]")
# Addresses are never "repaired". Checked per whitespace-separated token with fixed-length
# patterns: the former r"\S+@\S+\.\w+|…" was tried again from every character of a long
# token, quadratic in its length.
_WEB = re.compile(r"https?://\S|www\.\S|\S\.(?:dk|com|org|net|eu)\b")
_DOT_WORD = re.compile(r"\.\w")
_CHUNK = re.compile(r"\S+")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_FOR_I = re.compile(r"(?<!\S)\|(?=\s+[A-Za-zÆØÅæøå0-9])")


@dataclass(frozen=True)
class RepairReport:
    """What repair did to one document: OOV share before and after, words changed."""

    oov_before: float | None
    oov_after: float | None
    changed: int


def _candidates(word: str, start: int = 0, edits: int = 0, prior: int = 0):
    """(candidate, edits, prior) for every way of replacing damaged spellings from ``start`` on.

    ``prior`` adds up the position of each chosen letter in DAMAGE: "a" is more often a
    damaged "å" than an "ø", which breaks ties the corpus cannot ("sa": "så", not "sø").
    """
    for i in range(start, len(word)):
        for pattern in _PATTERNS:
            if word.startswith(pattern, i):
                for choice, letter in enumerate(DAMAGE[pattern]):
                    fixed = word[:i] + letter + word[i + len(pattern):]
                    yield fixed, edits + 1, prior + choice
                    if edits + 1 < MAX_EDITS:
                        yield from _candidates(fixed, i + 1, edits + 1, prior + choice)


def _restore_case(original: str, fixed: str) -> str:
    """Give the repaired word the capitalisation of the damaged one."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return fixed.upper()
    if original[:1].isupper() or original[:1] == "|":
        return fixed[:1].upper() + fixed[1:]
    return fixed


def repair_word(word: str, lexicon: Lexicon, *, budget: list[int] | None = None) -> str:
    """The known word ``word`` stands for, or ``word`` unchanged when none or several fit.

    ``budget``: a one-item list of candidates the caller may still try; this word's are taken from it."""
    if len(word) > MAX_WORD or not _LETTER.search(word) or not countable(word) or lexicon.known(word):
        return word
    limit = MAX_CANDIDATES if budget is None else min(MAX_CANDIDATES, budget[0])
    if limit <= 0:
        return word
    lower = word.lower()
    sources = [lower]
    if word[:1] == "I" and len(word) > 2:
        sources.append("l" + lower[1:])  # "Igse" for "løse": a lower-case l read as a capital I
    candidates = [c for src in sources for c in islice(_with_source(src), limit)]
    if budget is not None:
        budget[0] -= len(candidates)
    ranked = sorted({(_rank(c, e, p, lexicon), c) for c, e, p in candidates if lexicon.known(c)})
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return word  # nothing known, or a tie that neither the corpus nor the prior settles
    fixed = ranked[0][1]
    return fixed if word[:1] == "I" and fixed[:1] == "l" else _restore_case(word, fixed)


def _with_source(lower: str):
    """The word itself (when only its first letter was damaged) and its candidates."""
    yield lower, 0, 0
    yield from _candidates(lower)


def _rank(candidate: str, edits: int, prior: int, lexicon: Lexicon) -> tuple:
    """Listed words before compounds, then fewer edits, the corpus's more frequent word, the prior."""
    return (not lexicon.listed(candidate), edits, -lexicon.frequency(candidate), prior)


def repair_text(text: str, lexicon: Lexicon) -> tuple[str, int]:
    """Text with damaged words repaired, and how many words were changed; table rows stay as they are."""
    if not lexicon.available:
        return text, 0
    lines, changed = [], 0
    budget = [BUDGET_BASE + BUDGET_PER_TOKEN * len(text.split())]
    for line in text.split("\n"):
        if _TABLE_ROW.match(line):
            lines.append(line)
            continue
        fixed, n = _repair_line(line, lexicon, budget)
        lines.append(fixed)
        changed += n
    return "\n".join(lines), changed


def _repair_line(text: str, lexicon: Lexicon, budget: list[int]) -> tuple[str, int]:
    piped = _PIPE_FOR_I.sub("I", text)
    changed = piped.count("I") - text.count("I")
    text = piped
    out: list[str] = []
    last = 0
    for chunk in _CHUNK.finditer(text):
        if _protected(chunk.group(0)):
            continue
        for match in _TOKEN.finditer(text, chunk.start(), chunk.end()):
            if not _plausible(match.group(0)):
                continue
            fixed = repair_word(match.group(0), lexicon, budget=budget)
            if fixed != match.group(0):
                out.append(text[last:match.start()] + fixed)
                last, changed = match.end(), changed + 1
    out.append(text[last:])
    return "".join(out), changed


def _protected(chunk: str) -> bool:
    """An e-mail address, URL or domain name: left exactly as written."""
    at = chunk.find("@", 1)
    return (at > 0 and _DOT_WORD.search(chunk, at + 2) is not None) or _WEB.search(chunk) is not None


def _plausible(token: str) -> bool:
    """Only words, possibly with OCR symbols for æ/ø/å: not numbers, codes or table bars."""
    digits = [c for c in token if c.isdigit()]
    if digits and (len(token) > 4 or set(digits) - {"3", "4"}):
        return False
    return "|" not in token and bool(_LETTER.search(token))
