"""Danish text utilities: normalisation, sentence splitting that respects abbreviations."""

from __future__ import annotations

import re
import unicodedata

# Abbreviations whose period never ends a sentence: something always follows them
# ("f.eks. ...", "jf. § 115", "ca. 50", "kl. 16.30", "d. 10. marts"). Lower-case, no final period.
ABBREVIATIONS = frozenset(
    """
    f.eks bl.a jf jfr pkt ca nr evt inkl ekskl hhv mht vedr kl stk tlf d ang iht i.h.t pga
    p.g.a vha ifm i.f.m dvs t.o.m f.o.m fx el ell resp gl nuv adm dir afd att mrk prof dr hr
    fr frk sagsnr j.nr jnr st e.g i.e fig tab vol ex sek s pr ift i.f.t o.a
    """.split()
)
# Abbreviations that often close a sentence ("... og kommuner mv. Derfor ..."): they split
# only when the next word starts with a capital letter.
MAY_END_ABBREVIATIONS = frozenset("mv m.v m.fl mfl osv o.l o.lign etc kr mio mia m.m".split())
MONTHS = (
    "januar februar marts april maj juni juli august september oktober november december "
    "jan feb mar apr jun jul aug sep sept okt nov dec"
).split()

_WS = re.compile(r"[ \t\u00a0]+")
MAX_TOKEN = 256  # characters of an unbroken run of non-space characters
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN}}}(?=\S)")
# A candidate boundary: sentence punctuation, optional closing quote/bracket, whitespace.
# It starts only where a run of punctuation starts, so a long run of dots is read once.
_BOUNDARY = re.compile(r"(?<![.!?…])([.!?…]++[\"'”»)\]]*+)(\s+)")
# A sentence may also start with a masked name ("[navn] fortalte …"), so that masking a
# text never changes where its sentences end.
_NEXT_START = re.compile(r"[\"'“”«»(\[]*[A-ZÆØÅÄÖÜ0-9§•\-–]|\[(?:navn|cpr|telefon|e-mail)\]")


def normalize(text: str) -> str:
    """Unicode NFC, unify line endings, drop control characters, collapse inline spaces,
    break overlong tokens."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return "\n".join(bound_tokens(_WS.sub(" ", line).strip()) for line in text.split("\n"))


def bound_tokens(line: str) -> str:
    """``line`` with a space after every MAX_TOKEN characters of an unbroken run.

    No word, address or link is that long; a run that is (a base64 blob, an attack) would
    otherwise cost every later step time in proportion to its length for each of its
    characters."""
    if len(line) <= MAX_TOKEN or max(map(len, line.split())) <= MAX_TOKEN:
        return line
    return _LONG_RUN.sub(r"\g<0> ", line)


def _last_token(text: str) -> str:
    """The token that ends ``text`` (what precedes a candidate period)."""
    if not text or text[-1].isspace():
        return ""
    return text.rsplit(None, 1)[-1]  # not re.search(r"\S+$"): quadratic on a long word


def _is_abbreviation(before: str, after: str) -> bool:
    """True when the period ending ``before`` belongs to an abbreviation or number."""
    token = _last_token(before).lstrip("(\"'“«[").lower()
    if not token.endswith("."):
        return False
    word = token[:-1]
    next_word = after.split(maxsplit=1)[0] if after.strip() else ""
    if word in ABBREVIATIONS:
        return True
    if word in MAY_END_ABBREVIATIONS:
        return not next_word[:1].isupper()
    if re.fullmatch(r"(?:[a-zæøå]\.)+[a-zæøå]", word):  # initials and dotted forms: "a.m.b.a"
        return True
    # "10. marts", "3. klasse", "§ 115. stk": an ordinal number is followed by more sentence.
    if re.fullmatch(r"\d{1,4}", word) and next_word:
        return next_word.lower().rstrip(".,") in MONTHS or next_word[0].islower()
    # A single capital initial: "Jens H. Hansen".
    return bool(re.fullmatch(r"[A-ZÆØÅ]", _last_token(before)[:-1]))


def split_sentences(text: str) -> list[str]:
    """Split Danish text into sentences; periods of abbreviations and ordinals do not split."""
    text = text.strip()
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(1)
        rest = text[match.end():]
        if not rest or not _NEXT_START.match(rest):
            continue
        if match.group(1).startswith(".") and _is_abbreviation(text[start:end], rest):
            continue
        sentences.append(text[start:end].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def word_count(text: str) -> int:
    """Whitespace word count."""
    return len(text.split())


def fold_danish(text: str) -> str:
    """Lower-case and fold æ/ø/å and accents to ASCII, for tolerant comparisons."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def passage_sentences(text: str) -> list[str]:
    """Sentences of a chunk: paragraph breaks and list items always end a sentence."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = paragraph.split("\n")
        is_list = all(re.match(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s", line) for line in lines if line.strip())
        for part in lines if is_list else [" ".join(lines)]:
            out.extend(split_sentences(part))
    return out
