"""Which words of a question a text contains, tolerant of OCR damage, inflection and
compounds; and the sentences of a passage that match a question best."""

from __future__ import annotations

from functools import lru_cache

from indexer import ngrams
from indexer.text import passage_sentences

# A question word counts as present when this share of its folded 4-grams is in the text:
# "lokalgrupperne" is found in "SSP-lokalgrupper", "børn" in the OCR-damaged "bern".
WORD_PRESENT = 0.75


@lru_cache(maxsize=1024)
def question_words(question: str) -> tuple[frozenset[str], ...]:
    """The content words of a question, each as its set of folded n-grams."""
    unique = dict.fromkeys(ngrams.words(question))
    return tuple(frozenset(ngrams.grams(word)) for word in unique)


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
