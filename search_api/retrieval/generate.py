"""Optional generative answers through any OpenAI-compatible chat endpoint.

The model sees only the numbered retrieved passages and must cite them as [n]; citations
that do not resolve to a passage are dropped, and the kept ones are renumbered in order of
appearance. When the endpoint fails or cites nothing, the caller keeps the extractive answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from indexer.settings import GenerationSettings
from search_api.retrieval.search import Hit

log = logging.getLogger(__name__)

DECLINE = "IKKE_BESVARET"
SYSTEM = (
    "Du er en hjælpsom assistent for SSP-konsulenter. Svar kort og præcist på dansk, og brug kun "
    "oplysninger fra de nummererede uddrag, du får. Henvis efter hver påstand til det uddrag, den "
    "bygger på, med tallet i firkantede parenteser, f.eks. [1] eller [2]. Hvis uddragene ikke "
    f"besvarer spørgsmålet, så svar kun: {DECLINE}"
)
_MARKER = re.compile(r"\[(\d{1,2})\]")


@dataclass(frozen=True)
class Generated:
    """The model's answer with its markers renumbered, and the cited hits in that order."""

    text: str
    cited: tuple[Hit, ...]
    declined: bool = False


def _source_line(n: int, hit: Hit) -> str:
    parts = [hit.title, hit.kommune or "", hit.date or "", f"side {hit.page}" if hit.page else "", hit.section or ""]
    return f"[{n}] " + " · ".join(p for p in parts if p)


def build_messages(question: str, hits: Sequence[Hit]) -> list[dict]:
    """The chat messages: the instructions, then only the numbered passages and the question."""
    passages = "\n\n".join(f"{_source_line(n, h)}\n{h.text}" for n, h in enumerate(hits, 1))
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Uddrag:\n\n{passages}\n\nSpørgsmål: {question}"}]


def resolve_citations(text: str, hits: Sequence[Hit]) -> Generated:
    """Keep the [n] markers that name a passage, renumbered 1, 2, … by first appearance."""
    order: dict[int, int] = {}
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if 1 <= n <= len(hits) and n not in order:
            order[n] = len(order) + 1

    def renumber(match: re.Match) -> str:
        n = int(match.group(1))
        return f"[{order[n]}]" if n in order else ""

    cleaned = re.sub(r" +([.,;:!?])", r"\1", _MARKER.sub(renumber, text)).strip()
    return Generated(text=cleaned, cited=tuple(hits[n - 1] for n in order))


def generate(settings: GenerationSettings, question: str, hits: Sequence[Hit]) -> Generated | None:
    """Ask the endpoint; None when it cannot be reached or answers malformed."""
    hits = list(hits)[: settings.passages]
    headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
    body = {"model": settings.model, "messages": build_messages(question, hits), "temperature": 0,
            "max_tokens": settings.max_tokens}
    try:
        response = httpx.post(settings.base_url.rstrip("/") + "/chat/completions", json=body, headers=headers,
                              timeout=settings.timeout_s)
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"] or ""
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
        log.warning("generative answer unavailable (%s); keeping the extractive answer", type(exc).__name__)
        return None
    if DECLINE in text:
        return Generated(text="", cited=(), declined=True)
    return resolve_citations(text, hits)
