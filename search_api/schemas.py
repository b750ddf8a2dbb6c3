"""Pydantic models at the HTTP edge: requests, responses and their JSON field names."""

from __future__ import annotations

from dataclasses import fields

from pydantic import BaseModel, ConfigDict, Field

from indexer.store import Filters
from indexer.visibility import ANONYMOUS_VIEWER, Viewer
from search_api.retrieval.answer import Answer, Citation
from search_api.retrieval.search import Hit


# Every number a caller sends is bounded, so none can overflow the database's integers (500).
MAX_OFFSET = 1_000_000


class FiltersIn(BaseModel):
    """Optional filters; lists match any of their values."""

    model_config = ConfigDict(extra="forbid")

    kommune: list[str] = Field(default_factory=list, max_length=100)
    kind: list[str] = Field(default_factory=list, max_length=20)
    year_from: int | None = Field(default=None, ge=1900, le=2100)
    year_to: int | None = Field(default=None, ge=1900, le=2100)

    def to_filters(self, *, viewer: Viewer | None = ANONYMOUS_VIEWER) -> Filters:
        """As store filters, for what ``viewer`` may see (None: everything, for curators)."""
        return Filters(kommune=tuple(self.kommune), kind=tuple(self.kind),
                       year_from=self.year_from, year_to=self.year_to, viewer=viewer)


class SearchRequest(BaseModel):
    """POST /v1/search."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"query": "Hvordan er lokalgrupperne organiseret?", "top_k": 5,
                      "filters": {"kommune": ["Slagelse"], "year_from": 2019}}]})

    query: str = Field(min_length=1, description="Spørgsmål eller søgeord på dansk.")
    top_k: int = Field(default=10, ge=1, le=50)
    filters: FiltersIn = Field(default_factory=FiltersIn)


class HitOut(BaseModel):
    """A passage with its citation fields."""

    rank: int
    score: float
    doc_id: str
    chunk_id: str
    text: str
    title: str
    kommune: str | None
    kind: str | None
    date: str | None = Field(description="ISO 8601 YYYY-MM-DD, or null.")
    page: int | None = Field(description="1-based PDF page holding the best highlight (for a citation: "
                                         "the quote), or null.")
    pages: list[int] | None = Field(default=None, description="[first, last] PDF page of the passage, or null.")
    section: str | None = Field(description="Heading path, or null.")
    highlights: list[str]
    source: str
    url: str | None
    pii: list[str] = Field(default_factory=list, description="Personal data types in the passage: cpr, phone, email, name.")
    original_text: str | None = Field(
        default=None, description="The passage as the document writes it, when OCR repair changed `text`; else null."
    )
    visibility: str = Field(default="public", description="public, signed-in or kommune (only the document's "
                                                         "own kommune sees it).")

    @classmethod
    def from_hit(cls, hit: Hit) -> "HitOut":
        return cls(**_fields(hit))


def _fields(hit: Hit) -> dict:
    """A hit's fields, shallow: ``dataclasses.asdict`` deep-copies every tuple, and pydantic reads them as they are."""
    return {f.name: getattr(hit, f.name) for f in fields(hit)}


class SearchResponse(BaseModel):
    query: str
    hits: list[HitOut]


class AskRequest(BaseModel):
    """POST /v1/ask."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"question": "Hvilke opgaver har SSP-udvalget i Slagelse?"}]})

    question: str = Field(min_length=1)
    filters: FiltersIn = Field(default_factory=FiltersIn)


class CitationOut(HitOut):
    """A hit cited in an answer, with its number and the quoted sentence."""

    n: int
    quote: str

    @classmethod
    def from_citation(cls, citation: Citation) -> "CitationOut":
        return cls(**{**_fields(citation.hit), "page": citation.page}, n=citation.n, quote=citation.quote)


class ComparisonOut(BaseModel):
    """One kommune's answer to a question asked across kommuner."""

    kommune: str = Field(description="The kommune, or 'national' for national material.")
    text: str = Field(description="The sentence(s) from the kommune's own documents that answer the question.")
    citations: list[int] = Field(description="Numbers (`n`) of the answer's citations these sentences come from.")


class AskResponse(BaseModel):
    answered: bool
    answer: str
    confidence: float = Field(description="Similarity of the best sentence to the question; "
                                          "below the calibrated threshold the answer is declined.")
    generated: bool = Field(default=False, description="True when a language model wrote the answer text.")
    citations: list[CitationOut]
    comparison: list[ComparisonOut] = Field(
        default_factory=list, description="For a question asked across kommuner (in words, or by naming none): one "
                                          "row per kommune that answers it, strongest evidence first; else empty.")

    @classmethod
    def from_answer(cls, answer: Answer) -> "AskResponse":
        return cls(answered=answer.answered, answer=answer.answer, confidence=answer.confidence,
                   generated=answer.generated, citations=[CitationOut.from_citation(c) for c in answer.citations],
                   comparison=[ComparisonOut(kommune=r.kommune, text=r.text, citations=list(r.citations))
                               for r in answer.comparison])


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None


class FacetsResponse(BaseModel):
    """Published passages per value of each filter field (GET /v1/facets)."""

    total: int = Field(description="Published passages matching all the given filters.")
    kommune: dict[str, int]
    kind: dict[str, int]
    year: dict[str, int] = Field(description="Year -> passages, newest first.")
