"""What kind of answer a question asks for, and whether a sentence holds one.

Classic answer-type checking from extractive question answering, for Danish: "hvor mange
lokalgrupper" wants a number that counts lokalgrupper ("syv SSP-lokalgrupper", "ca. 480
elever"), "hvor stor en andel" a percentage or fraction, "hvad koster" an amount in kroner,
"hvor ofte" a frequency ("fire gange om året", "hver anden måned"), "hvornår" a date,
"åbningstider" days or hours, "aldersgruppe" an age range. Search ranks passages holding
such a sentence higher; /ask declines when none of its evidence holds one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer import ngrams
from indexer.text import passage_sentences

NUMBER_WORDS = frozenset(
    """én ét to tre fire fem seks syv otte ni ti elleve tolv tretten fjorten femten seksten sytten
    atten nitten tyve tredive fyrre halvtreds tres halvfjerds firs halvfems hundrede tusind""".split()
)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# "i 2023 blev lokalgrupperne ...", "december 2023": a year after these is a date, not a count.
_BEFORE_YEAR = frozenset("i siden fra til før efter inden primo medio ultimo år januar februar marts april maj juni juli "
                         "august september oktober november december jan feb mar apr jun jul aug sep sept okt nov dec".split())
# "5. klasse", "14. maj", a list's "1. Første møde": a number with a full stop and words after it
# is an ordinal in Danish, not a count ("I 7. klasse etablerer SSP-konsulenterne ..." counts none).
_ORDINAL = re.compile(r"^\d{1,3}\.$")
_WORD = re.compile(r"[\wæøåÆØÅ§%.,+-]+")
# A focus word counts as present when this share of its folded 4-grams is in a word
# ("lokalgrupper" in "SSP-lokalgrupper", "tilmeldt" in "tilmeldte").
_FOCUS_SHARE = 0.75
# How many words may stand between a number and what it counts ("240 forskellige unge").
_FOCUS_GAP = 2
# Characters read after a share for what it is a share of (a bound, so long texts stay linear).
_AFTER_SHARE = 120

_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
_DAYS = "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag"
_COUNT_WORDS = "en|et|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|fjorten|atten"
_UNITS = r"kr\b|kroner|dkk\b|mio\b|mill\b|mia\b|million\w*|milliard\w*"

# A number starts where a run of digits (and its separators) starts: patterns that began
# "\d+" were tried again from every digit of a long number, quadratic in its length.
_NUM_START = r"(?<!\d)(?<!\d[.,])"
# What answers look like, per kind.
_FOUND = {
    "share": re.compile(rf"{_NUM_START}\d++(?:[.,]\d+)?\s*(?:%|procent)|\bhalvdel\w*|\b\w*(?:fjerde|tredje)del\w*|\bud\s+af\b", re.I),
    "amount": re.compile(rf"{_NUM_START}\d++(?:[.,]\d++)*+\s*(?:{_UNITS})|\b(?:kr|dkk)\.?\s*\d", re.I),
    "frequency": re.compile(
        r"\bgange?\s+(?:om|i|pr\.?|per|hvert?)\s+(?:året|år|måneden|måned|ugen|uge|halvåret|kvartal)"
        r"|\b(?:halv)?(?:årlig|månedlig|ugentlig|daglig|kvartalsvis)\w*"
        rf"|\bhver[st]?\s+(?:\w+\s+)?(?:uge|måned|år|dag|kvartal|{_DAYS})\b|\bhver\s+\d+\.\s*dag"
        r"|\b(?:\d+|to|tre|fire|fem|seks|otte|ti|tolv)\s+gange\b|\befter\s+behov\b|\bløbende\b", re.I),
    # A date, a year, a month, a weekday, a season, a week number; or a time relative to an event
    # ("senest tre måneder før den unges 18-års fødselsdag", "14 dage efter hændelsen").
    "time": re.compile(rf"\b(?:19|20)\d\d\b|\b(?:{_MONTHS})\b|\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b"
                       rf"|\bkl\.\s*\d|\b(?:{_DAYS})(?:e|en)?\b|\b(?:forår|sommer|efterår|vinter)\w*|\buge\s+\d"
                       rf"|\b(?:\d+|{_COUNT_WORDS})\s+(?:dage|dag|uger|uge|måneder|måned|år)\s+(?:før|efter|inden)\b", re.I),
    "hours": re.compile(rf"\bkl\.\s*\d|\b(?:{_DAYS})(?:e|en)?\b|\b\d{{1,2}}[.:]\d\d\s*[-–]\s*\d{{1,2}}", re.I),
    "age": re.compile(rf"{_NUM_START}(?:\d++\s*[-–]\s*\d+[- ]?år|\d++\s+(?:og|til)\s+\d+\s+år|\d++-årige|\d++\s+år\b)",
                      re.I),
    "duration": re.compile(r"\b(?:\d+|et|en|to|tre|fire|fem|seks|halvt?)\s+(?:år|måned|uge|dag|time)\w*|\bsiden\s+(?:19|20)\d\d", re.I),
    # A school grade: "5. klasse", "7.-9. klasse", "i udskolingen", "fra 4. til 8. klasse".
    "grade": re.compile(r"\b\d{1,2}\.\s*(?:[-–]\s*\d{1,2}\.\s*|(?:til|og)\s+\d{1,2}\.\s*)?(?:klasse|årgang|klassetrin)"
                        r"|\b(?:ind|ud)skoling\w*|\bmellemtrin\w*|\b(?:første|anden|tredje|fjerde|femte|sjette|syvende|"
                        r"ottende|niende|tiende)\s+klasse", re.I),
    # A Danish phone number: eight digits, often in pairs ("56 20 30 00", "+45 5620 3000"), or 112/114.
    "phone": re.compile(r"(?<!\d)(?:\+45\s?)?\d{2}\s?\d{2}\s?\d{2}\s?\d{2}(?!\d)|\b11[24]\b|\[telefon\]"),
    "email": re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}|\[e-mail\]"),
}
_FOUND["days"] = _FOUND["hours"]  # "hvilke aftener" is answered as "åbningstider" are: days and hours
# Kinds that rank and pick sentences but never make /ask decline (AnswerType.checked).
UNCHECKED = frozenset({"days", "grade"})
# What asks for them.
_ASKS_SHARE = re.compile(r"\bhvor\s+stor[t]?\s+(?:en\s+|et\s+)?(?:andel|del)\b|\bhvor\s+mange\s+procent|\bhvilken\s+andel"
                         r"|\bandel(?:en)?\b", re.I)
_ASKS_AMOUNT = re.compile(r"\bhvad\s+kost|\bhvor\s+meget\s+kost|\bhvor\s+mange\s+(?:penge|kroner)"
                          r"|\bhvad\s+(?:bruger|bruges|afsætter|afsættes|betaler|giver)\b(?=[^?,]{0,60}?\b(?:penge|kroner)\b)", re.I)
# Compounds count: "timeløn", "månedsløn", "kontingentprisen", "SSP-budgettet".
_MONEY_NOUN = re.compile(r"\b\w*(?:pris(?:en)?|løn(?:nen)?|budget\w*|tilskud\w*|beløb\w*|pulje\w*|bevilling\w*|omkostning\w*|udgift\w*)\b", re.I)
# "Hvad giver tilskuddet mulighed for?" asks what it does, not how much: "giver" needs "penge" (_ASKS_AMOUNT).
_HOW_MUCH = re.compile(r"\bhvor\s+(?:stor[t]?|meget|høj[t]?)\b|\bhvad\s+(?:er|var|får|fik|betaler|modtager)\b"
                       r"|\bhvilke[nt]?\b", re.I)
_ASKS_COUNT = re.compile(r"\bhvor\s+mange\b(.*)", re.I)
_ASKS_QUANTITY = re.compile(r"\bhvor\s+meget\b", re.I)  # "hvor meget er kriminaliteten faldet?"
_ASKS = {
    "frequency": re.compile(r"\bhvor\s+(?:ofte|tit|hyppigt)\b|\bhvor\s+mange\s+gange\b", re.I),
    "time": re.compile(r"\bhvornår\b|\bhvilken\s+dato\b|\bi\s+hvilket\s+år\b", re.I),
    "hours": re.compile(r"\båbningstid\w*|\bhvilke\s+tider\b|\bhvilke[nt]?\s+tidspunkt(?:er)?\b", re.I),
    "days": re.compile(r"\bhvilke[nt]?\s+(?:uge)?(?:dag|aften|eftermiddag|formiddag)\w*", re.I),
    "grade": re.compile(r"\bhvilke[nt]?\s+(?:klasse|klassetrin|årgang)\w*|\bhvilket\s+trin\b", re.I),
    "age": re.compile(r"\baldersgruppe\w*|\bhvor\s+gaml[e]?\b|\bhvilken\s+alder\b|\balderen\b", re.I),
    "duration": re.compile(r"\bhvor\s+længe\b|\bhvor\s+(?:lang|meget)\s+tid\b", re.I),
    "phone": re.compile(r"\btelefon-?n(?:umme)?r\w*|\btlf\.?\s*n(?:umme)?r\w*|\bnummer(?:et)?\s+til\b", re.I),
    "email": re.compile(r"\be-?mail-?adresse\w*|\bmailadresse\w*", re.I),
}


@dataclass(frozen=True)
class AnswerType:
    """A kind of answer ('count', 'share', 'amount', 'frequency', 'time', 'hours', 'age',
    'duration'); for a count, the folded n-grams of what is counted, when the question says."""

    kind: str
    focus: frozenset[str] = frozenset()

    @property
    def checked(self) -> bool:
        """Whether /ask declines when no evidence holds this kind. "Hvilken dag", "hvilket
        klassetrin" only rank: paraphrases of them share too few words for the support check
        (measured on hard-dev, docs/evaluation.md)."""
        return self.kind not in UNCHECKED

    def found_in(self, sentence: str) -> bool:
        """True when the sentence holds an answer of this kind."""
        if self.kind == "count":
            return _counts(sentence, self.focus)
        return bool(_FOUND[self.kind].search(sentence))


# An indirect question: a clause opened by a question word after a comma, in a question that
# already asked with one ("Hvordan kan man give sit syn til kende på, hvornår ens teenager må
# begynde at drikke?"). It says what the answer is about, not what kind it is; a coordinated
# one (", og hvornår skete det?") still asks.
_INDIRECT = re.compile(r"(?<=,)\s*hv\w*\b[^,?]*", re.I)
_QUESTION_WORD = re.compile(r"\bhv\w*\b", re.I)


def asked(question: str) -> str:
    """The question with its indirect questions blanked out (the same length, so spans stay)."""
    out = question
    for m in _INDIRECT.finditer(question):
        if _QUESTION_WORD.search(question, 0, m.start()):
            out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end():]
    return out


@lru_cache(maxsize=1024)
def expected(question: str) -> tuple[AnswerType, ...]:
    """The answer types a question asks for (empty for "hvem", "hvordan", "hvorfor" ...)."""
    question = asked(question)
    out = [AnswerType(kind) for kind, pattern in _ASKS.items() if pattern.search(question)]
    if _ASKS_SHARE.search(question):
        out.append(AnswerType("share"))
    elif _ASKS_AMOUNT.search(question) or (_MONEY_NOUN.search(question) and _HOW_MUCH.search(question)):
        out.append(AnswerType("amount"))
    elif (count := _ASKS_COUNT.search(question)) and not any(t.kind == "frequency" for t in out):
        out.append(AnswerType("count", _focus(count.group(1))))
    elif _ASKS_QUANTITY.search(question) and not out:
        out.append(AnswerType("count"))  # a number of any kind
    return tuple(out)


def asking_words(question: str) -> tuple[str, ...]:
    """The words with which a question asks for its kind of answer ("koster" in "hvad koster",
    "ofte" in "hvor ofte", "andel" in "hvor stor en andel"): a sentence holding such an answer
    tends to hold them too ("koster ca. 18.000 kr.", "fire gange om året"), so they say nothing
    about whether it is about the question's topic."""
    spans = [m.span() for pattern in (*_ASKS.values(), _ASKS_SHARE, _ASKS_AMOUNT) for m in pattern.finditer(asked(question))]
    return tuple(w.group(0).strip(".,") for w in _WORD.finditer(question)
                 if any(start < w.end() and w.start() < end for start, end in spans))


def holds(types: tuple[AnswerType, ...], sentence: str) -> bool:
    """True when the sentence holds an answer of every expected type."""
    return all(t.found_in(sentence) for t in types)


def passage_holds(types: tuple[AnswerType, ...], text: str) -> bool:
    """True when a sentence of the passage holds an answer of every expected type."""
    # What a sentence holds, the whole text holds: splitting sentences only when it does is cheaper.
    return holds(types, text) and any(holds(types, s) for s in passage_sentences(text))


def _focus(rest: str) -> frozenset[str]:
    """What "hvor mange ..." counts: the first content word after it ("hvor mange unge", "hvor
    mange var tilmeldt"), as folded n-grams; of a hyphenated compound its head, the last part
    ("SSP-lokalgrupper": lokalgrupper)."""
    for token in _WORD.findall(rest):
        head = token.strip(".,?").split("-")[-1]
        if ngrams.words(head):
            return frozenset(ngrams.grams(head))
    return frozenset()


def _present(focus: frozenset[str], word: str) -> bool:
    return len(focus & _word_grams(word)) >= _FOCUS_SHARE * len(focus)


@lru_cache(maxsize=ngrams.WORD_CACHE)
def _word_grams(word: str) -> frozenset[str]:
    """The grams of one word of a sentence, kept: the same words come back in every passage."""
    return frozenset(ngrams.gram_set(word))


def _counts(sentence: str, focus: frozenset[str]) -> bool:
    """A number that counts the focus ("syv SSP-lokalgrupper", "ca. 240 forskellige unge"),
    or a share of it ("62 procent af lokalbetjentene"); any number without a focus. Ordinals
    ("7. klasse") count nothing."""
    if focus and "|" in sentence and _counts_in_row(sentence, focus):
        return True
    tokens = _WORD.findall(sentence)
    words = [w.strip(".,") for w in tokens]
    numbers = [i for i, w in enumerate(words) if (_NUMBER.match(w) or w.lower() in NUMBER_WORDS)
               and not (_YEAR.match(w) and i and words[i - 1].lower() in _BEFORE_YEAR)
               and not (_ORDINAL.match(tokens[i]) and i + 1 < len(tokens))]
    if not focus:
        return bool(numbers)
    for i in numbers:
        if i + 1 < len(words) and words[i + 1].lower() in ("procent", "%"):
            continue
        if any(_present(focus, w) for w in words[i + 1 : i + 2 + _FOCUS_GAP]):
            return True
    # The focus among the words first: it is the cheaper test (the share pattern scans the whole text).
    if not any(_present(focus, w) for w in words):
        return False
    # A share of the focus: what the share is of follows it closely ("62 procent af lokalbetjentene",
    # "to ud af tre lokalbetjente"); "97 procent af kommunerne har ansat SSP-konsulenter" counts kommuner.
    return any(_share_of(focus, sentence[m.end():m.end() + _AFTER_SHARE]) for m in _FOUND["share"].finditer(sentence))


def _counts_in_row(sentence: str, focus: frozenset[str]) -> bool:
    """A flattened table row with a cell naming the focus and a number in the next cell ("Færre
    unge sigtes | Antal sigtelser mod unge under 18 år | 212 (2021) | 10 % færre"): the row counts
    what its label names. A year, an amount or a share is no count ("SSP-konsulenterne | 25.000
    kr." counts no konsulenter); only the next cell, as a table flattened into one line holds
    other rows' numbers further on."""
    cells = [c.strip() for c in sentence.split("|")]
    label = next((i for i, cell in enumerate(cells)
                  if any(_present(focus, w.strip(".,")) for w in _WORD.findall(cell))), None)
    if label is None:
        return False
    value = cells[label + 1] if label + 1 < len(cells) else ""
    if _FOUND["amount"].search(value) or _FOUND["share"].search(value):
        return False
    # "5." fails _NUMBER, so an ordinal ("5. klasse") is no count here either.
    return any(_NUMBER.match(w) and not _YEAR.match(w) for w in (t.strip(",()") for t in value.split()))


def _share_of(focus: frozenset[str], after: str) -> bool:
    """True when the focus is among the first words after a share ("... af lokalbetjentene")."""
    return any(_present(focus, w.strip(".,")) for w in after.split()[: _FOCUS_GAP + 2])
