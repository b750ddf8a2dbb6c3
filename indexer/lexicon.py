"""The Danish vocabulary: a system word list plus the corpus's own words, with compounds.

Danish writes compounds as one word ("kriminalpræventive", "lokalbetjente"), and no word
list holds them all, so a word also counts as known when it splits into known parts.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

# Debian `wdanish` (full forms) and `hunspell-da` (stems; affixes are not expanded).
DEFAULT_WORDLISTS = (
    Path("/usr/share/dict/danish"),
    Path("/usr/share/hunspell/da_DK.dic"),
    Path("/usr/share/myspell/dicts/da_DK.dic"),
)
WORD = re.compile(r"[A-Za-zÆØÅæøåÄÖÜäöüÉéÈè]+(?:-[A-Za-zÆØÅæøåÄÖÜäöüÉéÈè]+)*")
# Shorter parts ("i", "og", "nål") would make almost any string a compound; a final part
# may be short ("lokal|råd"), an inner one may not ("krimi|nål|præventive").
_MIN_HEAD, _MIN_TAIL = 4, 3
_LINKS = ("", "s", "e")  # Danish linking letters: "ungdom-s-skole", "børn-e-have"
# Inflection endings the word lists miss for some stems: "orienteres", "genoprettende", "pyntede".
_ENDINGS = ("erne", "ende", "ede", "ene", "ets", "ens", "ere", "es", "er", "en", "et", "de", "te", "s", "e", "t")
_MIN_STEM = 4


@dataclass(frozen=True)
class Lexicon:
    """Known lower-case words: a word list, plus corpus words seen at least ``min_count`` times."""

    words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # listed only with a capital: never a compound part
    corpus: Counter = field(default_factory=Counter)
    min_count: int = 2
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def available(self) -> bool:
        """True when a real word list was found (without one, nothing is repaired)."""
        return bool(self.words)

    def frequency(self, word: str) -> int:
        """How often the corpus uses ``word`` (lower-cased)."""
        return self.corpus.get(word.lower(), 0)

    def known(self, word: str) -> bool:
        """A listed word, a frequent corpus word, an inflection, a compound of known parts, or each
        hyphen part known. A name counts only capitalised: "Bern" is known, "bern" (for "børn") is not."""
        key = word.lower() if word[:1].isupper() else f"~{word.lower()}"
        if key not in self._cache:
            self._cache[key] = self._known(word.lower(), as_name=word[:1].isupper())
        return self._cache[key]

    def _known(self, word: str, *, as_name: bool) -> bool:
        if (word in self.names and as_name) or self._part(word) or self._inflected(word):
            return True
        if "-" in word:
            return all(self._part(p) or _acronym_like(p) or self._compound(p) for p in word.split("-") if p)
        return self._compound(word)

    def listed(self, word: str) -> bool:
        """In the word list or frequent in the corpus, as it is (no compound analysis)."""
        word = word.lower()
        return word in self.words or self.corpus.get(word, 0) >= self.min_count

    def _compound(self, word: str, depth: int = 0) -> bool:
        """True when ``word`` is head + (linking letter) + tail with every part known."""
        if depth > 2 or len(word) < _MIN_HEAD + _MIN_TAIL:
            return False
        return any(self._part(rest) or self._compound(rest, depth + 1) for _, rest in self._heads(word, _MIN_TAIL))

    def _heads(self, word: str, min_rest: int, *, longest_first: bool = False):
        """(head, rest) for every known head of ``word`` and linking letter after it, where the
        rest is at least ``min_rest`` letters; shortest head first unless ``longest_first``."""
        ends = range(_MIN_HEAD, len(word) - min_rest + 1)
        for i in reversed(ends) if longest_first else ends:
            head, tail = word[:i], word[i:]
            if not self._part(head):
                continue
            for link in _LINKS:
                if tail.startswith(link) and len(tail) - len(link) >= min_rest:
                    yield head, tail[len(link):]

    def split(self, word: str, depth: int = 0) -> tuple[str, ...]:
        """The known parts of a compound, longest head first ("lokalgrupperne" -> lokal,
        grupperne; "netværksgruppemøderne" -> netværks, gruppe, møderne); () when ``word`` is not
        head + (linking letter) + tail of known parts; the linking letter is dropped."""
        word = word.lower()
        if depth > 2 or len(word) < 2 * _MIN_HEAD:
            return ()
        for head, rest in self._heads(word, _MIN_HEAD, longest_first=True):
            deeper = self.split(rest, depth + 1)
            if deeper:
                return (head, *deeper)
            if self._part(rest) or self._inflected(rest):
                return (head, rest)
        return ()

    def _inflected(self, word: str) -> bool:
        """A listed stem plus a common ending, or a listed verb ("orientere") plus passive -s."""
        for ending in _ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= _MIN_STEM and (
                    (len(stem) > _MIN_STEM and self._part(stem)) or self._part(stem + "e")):
                return True
        return False

    def _part(self, word: str) -> bool:
        return self.listed(word) and word not in self.names

    def with_corpus(self, counts: Counter) -> "Lexicon":
        """The same word list with these corpus word counts added."""
        return Lexicon(words=self.words, names=self.names, corpus=self.corpus + counts,
                       min_count=self.min_count)


def _acronym_like(part: str) -> bool:
    """Short parts of hyphenated words ("ssp", "uu", "it") are acronyms, not misspellings."""
    return len(part) <= 4


def tokens(text: str) -> list[str]:
    """Word tokens (letters, inner hyphens) of a text."""
    return WORD.findall(text)


def countable(token: str) -> bool:
    """Tokens that say something about spelling: not one letter, not an all-caps acronym."""
    return len(token) > 1 and not token.isupper()


def oov_rate(text: str, lexicon: Lexicon) -> float | None:
    """Share of countable tokens the lexicon does not know (None without a word list or words)."""
    words = [t for t in tokens(text) if countable(t)]
    if not words or not lexicon.available:
        return None
    return round(sum(1 for w in words if not lexicon.known(w)) / len(words), 4)


def word_counts(text: str) -> Counter:
    """Lower-cased word counts of a text, for the corpus part of the lexicon."""
    return Counter(t.lower() for t in tokens(text) if countable(t))


def _read_wordlist(path: Path) -> Iterable[str]:
    """Words of a plain list or a hunspell .dic (stem before '/'), as written."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh):
            word = line.split("/", 1)[0].split("\t", 1)[0].strip()
            if word and not (n == 0 and word.isdigit()) and not word.startswith("#"):
                yield word


@lru_cache(maxsize=4)
def load_lexicon(paths: tuple[Path, ...] = DEFAULT_WORDLISTS) -> Lexicon:
    """The word lists that exist among ``paths``, read once per process."""
    lower: set[str] = set()
    capitalised: set[str] = set()
    for path in paths:
        if path.is_file():
            for word in _read_wordlist(path):
                (capitalised if word[:1].isupper() else lower).add(word.lower())
    if not lower:
        log.warning("no Danish word list found (install wdanish or hunspell-da); OCR repair is off")
    return Lexicon(words=frozenset(lower | capitalised), names=frozenset(capitalised - lower))
