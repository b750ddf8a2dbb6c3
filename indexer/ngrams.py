"""OCR-folded character n-gram sparse vectors: a second lexical signal next to Danish BM25.

Word BM25 misses two things the corpus is full of: OCR damage ("undersggelse",
"bern og unge", "kriminalpraeventive") and Danish compounds ("natteravnehold" against
"natteravne"). Both survive when words are folded to a skeleton (æ/ø/å spelled out, every
run of vowels and OCR stand-ins one letter) and matched by overlapping 4-grams. Weights are
BM25 term frequencies; the store applies IDF, as for the word vectors.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache

from indexer.models import SparseVector

N = 4
K1, B = 1.2, 0.75
# A 150-word passage gives about 900 grams; length normalisation is relative to this.
AVG_GRAMS = 900.0

# Snowball's Danish stopwords, plus question words that say nothing about the content.
STOPWORDS = frozenset(
    """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
    om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal
    selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne
    end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis din
    nogle hos blive mange ad bliver hendes været thi jer sådan hvilken hvilke hvilket hvem
    hvordan hvorfor hvornår""".split()
)
_SPELLED = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o", "ü": "u", "é": "e", "è": "e"})
_VOWEL_RUN = re.compile(r"[aeiouy@&|]+")
_BROKEN_WORD = re.compile(r"(?<=[\w@&|])-[ \t]*\n\s*")
_WORD = re.compile(r"[\w@&|]+")


# Words repeat (Zipf): the request path folds the same few thousand again and again, so the
# folded form and the grams of recent words are kept (about 0.5 KB per word at most).
WORD_CACHE = 32768


@lru_cache(maxsize=WORD_CACHE)
def fold_word(word: str) -> str:
    """'Undersøgelse', 'undersggelse' -> 'andarsagalsa' / 'andarsggalsa': vowel runs become 'a'."""
    return _VOWEL_RUN.sub("a", word.lower().translate(_SPELLED))


def words(text: str) -> list[str]:
    """Lower-case content words, with words split at line-break hyphens joined again."""
    joined = _BROKEN_WORD.sub("", text)
    return [w for w in _WORD.findall(joined.lower()) if w not in STOPWORDS]


def grams(text: str, *, n: int = N) -> list[str]:
    """Overlapping n-grams of each folded word, with word boundaries marked by '_'."""
    out: list[str] = []
    for word in words(text):
        out.extend(_word_grams(word, n))
    return out


def gram_set(text: str) -> set[str]:
    """The distinct n-grams of ``text`` (what ``set(grams(text))`` gives)."""
    out: set[str] = set()
    for word in words(text):
        out.update(_word_grams(word, N))
    return out


@lru_cache(maxsize=WORD_CACHE)
def _word_grams(word: str, n: int = N) -> tuple[str, ...]:
    padded = f"_{fold_word(word)}_"
    return (padded,) if len(padded) <= n else tuple(padded[i : i + n] for i in range(len(padded) - n + 1))


@lru_cache(maxsize=65536)
def _index(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=4).digest(), "little") & 0x7FFFFFFF


def _sparse(weights: dict[int, float]) -> SparseVector:
    ordered = sorted(weights.items())
    return SparseVector(indices=tuple(i for i, _ in ordered), values=tuple(v for _, v in ordered))


def document_vector(text: str) -> SparseVector:
    """BM25 term-frequency weights of a passage's grams (IDF is applied by the store)."""
    counts = Counter(_index(g) for g in grams(text))
    length = sum(counts.values())
    norm = K1 * (1 - B + B * length / AVG_GRAMS)
    return _sparse({i: tf * (K1 + 1) / (tf + norm) for i, tf in counts.items()})


def query_vector(text: str) -> SparseVector:
    """Unit weight for each distinct gram of the query."""
    return _sparse({i: 1.0 for i in {_index(g) for g in grams(text)}})
