"""The relevance judge of the dev sets: does a returned passage cover a gold quote?

Independent of chunking and of text cleaning: both the quote (copied from the raw file,
with its OCR damage) and the passage (as indexed, perhaps repaired) are folded to a
common skeleton, and the match tolerates a fifth of the quote's words going missing
(at least 80 % of the quote's words present in order, as shared/eval/dev/README.md says).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import PurePosixPath

from evaluation.dataset import Gold

# Vowels, æ/ø/å, and what OCR turns them into ("bern" for børn, "undersggelse",
# "Britt @stergaard", "SSP-lzerere", "s&ledes", "|" for I). Each run of them folds to "*",
# so "børn", "bern" and "bgrn" share the skeleton "b*rn".
_VOWEL_LIKE = frozenset("aeiouyæøåäöüéèáàg@&|z")
# A hyphen at a line break, or before a space and a lower-case letter: the word was split.
_BROKEN_WORD = re.compile(r"(?<=[\w@&|])-[ \t]*\n\s*|(?<=[\w@&|])- +(?=[a-zæøå])")
_RUN = re.compile(r"\*+")
MIN_SHARE = 0.8


def _fold_char(ch: str) -> str:
    if ch in _VOWEL_LIKE:
        return "*"
    return ch if ch.isalnum() else " "


@lru_cache(maxsize=4096)
def skeleton(text: str) -> tuple[str, ...]:
    """The folded words of ``text``: hyphens joined, case folded, vowel runs as '*'."""
    joined = _BROKEN_WORD.sub("", text).casefold()
    folded = "".join(_fold_char(ch) for ch in joined)
    return tuple(_RUN.sub("*", word) for word in folded.split())


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two word lists."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def covers(passage: str, quote: str, *, min_share: float = MIN_SHARE) -> bool:
    """True when at least ``min_share`` of the quote's words occur in the passage in the
    quote's order (the dev README's rule; they need not be adjacent)."""
    words = skeleton(quote)
    if not words:
        return False
    text = _cut_at_edges(skeleton(passage), words)
    need = math.ceil(min_share * len(words))
    vocabulary = set(text)
    if sum(w in vocabulary for w in words) < need:
        return False
    wanted = set(words)
    return _lcs(words, [w for w in text if w in wanted]) >= need


def _cut_at_edges(text: tuple[str, ...], words: tuple[str, ...]) -> list[str]:
    """A quote is a substring of the file, so its first and last words may be cut out of
    longer words ("meegling" of "konflikt-\nmeegling"): a passage word ending with the quote's
    first word, or starting with its last, counts as that word."""
    first, last = words[0], words[-1]
    out = []
    for word in text:
        if word != first and len(first) >= 3 and word.endswith(first):
            word = first
        elif word != last and len(last) >= 3 and word.startswith(last):
            word = last
        out.append(word)
    return out


def same_document(source: str, doc: str) -> bool:
    """A hit's source (a path relative to the indexed folder) names the gold document."""
    return PurePosixPath(source.replace("\\", "/")).name == doc


def covered(source: str, text: str, gold: Sequence[Gold], *, original: str | None = None) -> frozenset[int]:
    """Indices of the gold items that a passage from ``source`` covers, in its indexed
    ``text`` or in its ``original`` wording (before OCR repair): both are the same passage."""
    versions = [text] + ([original] if original else [])
    return frozenset(
        i for i, item in enumerate(gold)
        if same_document(source, item.doc)
        and (item.quote is None or any(covers(version, item.quote) for version in versions))
    )
