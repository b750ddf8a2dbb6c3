"""Which words of a question a text contains, tolerant of OCR damage, inflection and
compounds; the names a question is about; and the sentences of a passage that match it best."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from indexer import ngrams
from indexer.text import passage_sentences

# A question word counts as present when this share of its folded 4-grams is in the text:
# "lokalgrupperne" is found in "SSP-lokalgrupper", "børn" in the OCR-damaged "bern".
WORD_PRESENT = 0.75
_TOKEN = re.compile(r"[\wÆØÅæøå+-]+")
# Capitalised words that follow a name rather than being one ("Faxe Kommune", "Søhavn By").
_NOT_NAMES = frozenset({"kommune", "kommunes", "kommuner", "by", "byen", "region", "regionen"})


@lru_cache(maxsize=1024)
def question_words(question: str) -> tuple[frozenset[str], ...]:
    """The content words of a question, each as its set of folded n-grams."""
    unique = dict.fromkeys(ngrams.words(question))
    return tuple(frozenset(ngrams.grams(word)) for word in unique)


def named(question: str) -> tuple[str, ...]:
    """The names in a question: Danish capitalises proper nouns only, so a capitalised word
    after the first is a name ("Faxe", "Søhavns", "Justitsministeriet"); acronyms and their
    compounds ("SSP", "SSP-udvalget") and words like "Kommune" are not."""
    out = []
    for token in _TOKEN.findall(question)[1:]:
        head = token.split("-")[0]
        if token[0].isupper() and not head.isupper() and token.lower() not in _NOT_NAMES:
            out.append(token)
    return tuple(dict.fromkeys(out))


def mentions(text: str, name: str) -> bool:
    """True when a word of ``text`` is the name: the same after folding (so "Sohavn" and OCR
    spellings count), optionally inflected ("Faxes", "Søhavns"), or, for a long name, one
    letter off. Whole words only: the letters of "Aarhus" scattered over other words are not it."""
    target = ngrams.fold_word(name[:-1] if name.endswith("s") and len(name) > 3 else name)
    for word in set(_TOKEN.findall(text)):
        folded = ngrams.fold_word(word)
        if folded == target or (folded.startswith(target) and len(folded) - len(target) <= 2):
            return True
        if len(target) >= 6 and abs(len(folded) - len(target)) <= 1 and _one_edit(folded, target):
            return True
    return False


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one substitution, insertion or deletion."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


# Words that frame a question rather than say what it is about: "Hvordan gør andre kommuner ...",
# "Hvad gør man i de forskellige kommuner ...". A sentence sharing only these answers nothing.
# The words that only ask across kommuner ("hvordan gør man andre steder"); comparative questions
# leave them out of their lexical query (search.lexical_text).
ACROSS = frozenset("""andre anden andet steder sted hvordan gør gøre gøres man typisk forskellige forskellig
    hver enkelt tværs rundt omkring""".split())
_FRAME = ACROSS | frozenset("""kommune kommunes kommuner kommunerne kommunernes ssp ssp-samarbejdet bruger
    bruge arbejder arbejde griber håndterer""".split())


@lru_cache(maxsize=1024)
def topic_words(question: str) -> tuple[frozenset[str], ...]:
    """The content words of a question that say what it is about (not its frame), as folded n-grams."""
    unique = dict.fromkeys(w for w in ngrams.words(question) if w.lower() not in _FRAME)
    return tuple(frozenset(ngrams.grams(word)) for word in unique)


def present_any(words: tuple[frozenset[str], ...], text: str) -> bool:
    """True when ``text`` holds at least one of the words (tolerant as ``coverage``)."""
    return any_present(words, ngrams.gram_set(text))


def any_present(words: tuple[frozenset[str], ...], grams: set[str]) -> bool:
    """``present_any`` for a text's grams (ngrams.gram_set), when the caller has them."""
    return any(len(w & grams) >= WORD_PRESENT * len(w) for w in words)


def coverage(question: str, text: str) -> float:
    """Share of the question's content words present in ``text`` (0 when it has none)."""
    words = question_words(question)
    return share_present(words, ngrams.gram_set(text)) if words else 0.0


def share_present(words: tuple[frozenset[str], ...], grams: set[str]) -> float:
    """The share of ``words`` present in a text with these grams (0 when there are no words)."""
    if not words:
        return 0.0
    return sum(len(w & grams) >= WORD_PRESENT * len(w) for w in words) / len(words)


def highlight(text: str, question: str, *, limit: int = 2, sentences: Sequence[str] | None = None) -> tuple[str, ...]:
    """The sentences of ``text`` that contain the most question words, in reading order
    (``sentences``: the text's sentences, when the caller has them)."""
    scored = []
    for position, sentence in enumerate(passage_sentences(text) if sentences is None else sentences):
        share = coverage(question, sentence)
        if share > 0:
            scored.append((share, -position, sentence))
    best = sorted(scored, reverse=True)[:limit]
    return tuple(sentence for _, _, sentence in sorted(best, key=lambda item: -item[1]))
