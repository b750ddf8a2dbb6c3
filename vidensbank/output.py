"""Rendering for people (rich tables and panels) and for scripts (JSON on stdout)."""

from __future__ import annotations

import json
from dataclasses import asdict

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from corpus.ingest import IndexReport
from search_api.retrieval.answer import Answer
from search_api.schemas import AskResponse, HitOut
from search_api.retrieval.search import Hit
from vidensbank.consoles import err as err_console

out = Console()


def print_json(data: object) -> None:
    """Machine-readable output, UTF-8, no colour."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def citation_line(hit: Hit, *, page: int | None = None) -> str:
    """"Title · Kommune · 2020-03-10 · s. 3 · Punkt 2" for people (``page``: the cited page, if not the hit's)."""
    page = page or hit.page
    parts = [hit.title, hit.kommune or "", hit.date or "", f"s. {page}" if page else "",
             hit.section or "", hit.source]
    return " · ".join(p for p in parts if p)


def show_hits(hits: list[Hit], *, as_json: bool, query: str) -> None:
    """Search results as a table or JSON (the same fields as POST /v1/search)."""
    if as_json:
        print_json({"query": query, "hits": [HitOut.from_hit(h).model_dump() for h in hits]})
        return
    if not hits:
        out.print("[yellow]Ingen resultater.[/yellow]")
        return
    table = Table(show_lines=True, title=f"Resultater for: {escape(query)}")
    table.add_column("#", justify="right")
    table.add_column("Kilde", max_width=40)
    table.add_column("Uddrag")
    for hit in hits:
        excerpt = " … ".join(hit.highlights) or hit.text[:300]
        table.add_row(str(hit.rank), escape(citation_line(hit)), escape(excerpt))
    out.print(table)


def show_answer(answer: Answer, *, as_json: bool) -> None:
    """An answer panel with numbered sources, or JSON (the same fields as POST /v1/ask)."""
    if as_json:
        print_json(AskResponse.from_answer(answer).model_dump())
        return
    style = "green" if answer.answered else "yellow"
    out.print(Panel(escape(answer.answer), title=f"Svar (sikkerhed {answer.confidence:.2f})", border_style=style))
    if answer.comparison:
        out.print(comparison_table(answer))
    for c in answer.citations:
        link = f"  {c.hit.url}" if c.hit.url else ""
        out.print(f"[bold][{c.n}][/bold] {escape(citation_line(c.hit, page=c.page))}{escape(link)}")


def comparison_table(answer: Answer) -> Table:
    """"Sådan gør kommunerne": one row per kommune, with its text and the numbers (and pages) of its sources."""
    cited = {c.n: c for c in answer.citations}
    table = Table(title="Sådan gør kommunerne", show_lines=True)
    table.add_column("Kommune", style="bold")
    table.add_column("Sådan gør de")
    table.add_column("Kilder", no_wrap=True)
    for row in answer.comparison:
        sources = ", ".join(f"[{n}] s. {cited[n].page}" if n in cited and cited[n].page else f"[{n}]"
                            for n in row.citations)
        kommune = "Landsdækkende" if row.kommune == "national" else row.kommune
        table.add_row(escape(kommune), escape(row.text), escape(sources))
    return table


def show_report(report: IndexReport, *, as_json: bool) -> None:
    """The final report of an index run: counts, then every skipped or failed file with its reason."""
    if as_json:
        print_json({
            "indexed": report.count("indexed"), "skipped": report.count("skipped"),
            "failed": report.count("failed"), "chunks": report.chunks,
            "removed": report.count("removed"),
            "files": [asdict(r) for r in report.results],
        })
        return
    table = Table(title="Indekseringsrapport")
    for column in ("Fil", "Resultat", "Tekststykker", "Årsag / noter"):
        table.add_column(column)
    labels = {"indexed": "[green]indekseret[/green]", "skipped": "[blue]sprunget over[/blue]",
              "failed": "[red]fejlet[/red]", "removed": "[magenta]fjernet[/magenta]"}
    for r in report.results:
        remarks = "; ".join(([r.reason] if r.reason else []) + list(r.notes))
        table.add_row(escape(r.source), labels[r.outcome], str(r.chunks or ""), escape(remarks))
    out.print(table)
    removed = f", {report.count('removed')} fjernet" if report.count("removed") else ""
    out.print(f"{report.count('indexed')} indekseret, {report.count('skipped')} sprunget over, "
              f"{report.count('failed')} fejlet{removed} ({report.chunks} tekststykker).")
