"""A question, understood once at the door: its text, the kommuner it names, the kind of answer it
asks for, whether it asks across kommuner, and its vector. Every later step reads these facts
instead of parsing or embedding the question again."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from corpus.services import Services
from indexer.errors import InvalidQuery
from indexer.kommuner import KOMMUNER
from indexer.metadata import NATIONAL
from search_api.retrieval.answer_type import AnswerType, expected
from search_api.retrieval.diversify import asks_across, is_statistic, without_frame
from search_api.retrieval.highlight import mentions, named

# The kommuner of the corpus are read from the store at most this often.
KOMMUNER_TTL_S = 30.0


@dataclass(frozen=True)
class Question:
    """What every step needs to know about a question."""

    text: str
    vector: np.ndarray = field(compare=False, repr=False)
    names: tuple[str, ...] = ()  # capitalised names ("Faxe", "Søhavns", "Justitsministeriet")
    kommuner: tuple[str, ...] = ()  # the kommuner of the corpus it names
    types: tuple[AnswerType, ...] = ()  # the kind of answer it asks for
    comparative: bool = False  # asks how kommuner do something, in words or by naming none
    # What retrieval embeds: for a comparative question, its topic without the words that ask
    # across kommuner (diversify.without_frame); otherwise (None given) the vector itself.
    search_vector: np.ndarray | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.search_vector is None:
            object.__setattr__(self, "search_vector", self.vector)

    @property
    def implicit(self) -> bool:
        """Comparative without saying so ("Hvad koster natteravne?")."""
        return self.comparative and not asks_across(self.text, names_kommune=bool(self.kommuner))


def validate_query(query: str, *, max_chars: int) -> str:
    """The query stripped; empty or overlong queries are an InvalidQuery (422)."""
    cleaned = " ".join((query or "").split())
    if not cleaned:
        raise InvalidQuery("Søgningen er tom. Skriv et spørgsmål eller nogle søgeord.")
    if len(cleaned) > max_chars:
        raise InvalidQuery(f"Søgningen er for lang ({len(cleaned)} tegn; højst {max_chars}).")
    return cleaned


def corpus_kommuner(services: Services) -> tuple[str, ...]:
    """The kommuner the store holds passages of (cached briefly), and the 98 real ones."""
    cached = getattr(services, "_kommuner_cache", None)
    now = time.monotonic()
    if cached is None or now - cached[0] > KOMMUNER_TTL_S:
        held = tuple(k for k in services.store.facet("kommune", limit=500) if k and k != NATIONAL)
        cached = (now, tuple(dict.fromkeys(held + KOMMUNER)))
        object.__setattr__(services, "_kommuner_cache", cached)
    return cached[1]


def named_kommuner(names: tuple[str, ...], kommuner: tuple[str, ...]) -> tuple[str, ...]:
    """The kommuner among the names ("Faxes" is Faxe; OCR and one-letter slips count)."""
    return tuple(k for k in kommuner if any(mentions(name, k) for name in names))


def understand(services: Services, text: str) -> Question:
    """Validate and read a question, and embed it (once)."""
    text = validate_query(text, max_chars=services.settings.api.max_query_chars)
    names = named(text)
    kommuner = named_kommuner(names, corpus_kommuner(services)) if names else ()
    comparative = asks_across(text, names_kommune=bool(kommuner)) or (
        not kommuner and services.settings.search.implicit_comparative)
    comparative = comparative and not is_statistic(text)
    topic = without_frame(text) if comparative and services.settings.search.topic_vector else text
    return Question(text=text, vector=services.embedder.embed_query(text), names=names, kommuner=kommuner,
                    types=expected(text), comparative=comparative,
                    search_vector=services.embedder.embed_query(topic) if topic != text else None)
