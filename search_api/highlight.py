"""Which words of a question a text contains, tolerant of OCR damage, inflection and
compounds; the names a question is about; and the sentences of a passage that match it best."""

from __future__ import annotations

import re
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
    """True when ``text`` contains the name, or its stem without a possessive s ("Faxes")."""
    grams = set(ngrams.grams(text))
    forms = [name] + ([name[:-1]] if name.endswith("s") and len(name) > 3 else [])
    for form in forms:
        wanted = set(ngrams.grams(form))
        if wanted and len(wanted & grams) >= WORD_PRESENT * len(wanted):
            return True
    return False


def coverage(question: str, text: str) -> float:
    """Share of the question's content words present in ``text`` (0 when it has none)."""
    words = question_words(question)
    if not words:
        return 0.0
    grams = set(ngrams.grams(text))
    return sum(len(w & grams) >= WORD_PRESENT * len(w) for w in words) / len(words)


def highlight(text: str, question: str, *, limit: int = 2) -> tuple[str, ...]:
    """The sentences of ``text`` that contain the most question words, in reading order."""
    scored = []
    for position, sentence in enumerate(passage_sentences(text)):
        share = coverage(question, sentence)
        if share > 0:
            scored.append((share, -position, sentence))
    best = sorted(scored, reverse=True)[:limit]
    return tuple(sentence for _, _, sentence in sorted(best, key=lambda item: -item[1]))
