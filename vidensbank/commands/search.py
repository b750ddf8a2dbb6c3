"""`vidensbank search` and `vidensbank ask`."""

from __future__ import annotations

from typing import Optional

import typer

from corpus.services import Services
from indexer.store import Filters
from search_api.retrieval.answer import ask as answer_question
from search_api.retrieval.search import search as run_search
from vidensbank.output import show_answer, show_hits


def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Question or keywords in Danish."),
    top_k: int = typer.Option(10, "--top-k", "-k", help="Number of passages."),
    kommune: Optional[list[str]] = typer.Option(None, "--kommune", help="Only this kommune (repeatable)."),
    kind: Optional[list[str]] = typer.Option(None, "--kind", help="Only this document type (repeatable)."),
    year_from: Optional[int] = typer.Option(None, "--year-from", help="Documents from this year on."),
    year_to: Optional[int] = typer.Option(None, "--year-to", help="Documents up to this year."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (the fields of POST /v1/search)."),
) -> None:
    """Find cited passages.

    Example: vidensbank search "Hvordan er lokalgrupperne organiseret?" --kommune Slagelse
    """
    filters = Filters(kommune=tuple(kommune or ()), kind=tuple(kind or ()), year_from=year_from, year_to=year_to)
    with Services.open(ctx.obj) as services:
        hits = run_search(services, query, top_k=top_k, filters=filters)
    show_hits(hits, as_json=as_json, query=query)


def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="A question in Danish."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (the fields of POST /v1/ask)."),
) -> None:
    """Answer a question with numbered citations, or say the corpus does not answer it.

    Example: vidensbank ask "Hvilke opgaver har SSP-udvalget i Slagelse?"
    """
    with Services.open(ctx.obj) as services:
        answer = answer_question(services, question)
    show_answer(answer, as_json=as_json)


def register(app: typer.Typer) -> None:
    app.command()(search)
    app.command()(ask)
