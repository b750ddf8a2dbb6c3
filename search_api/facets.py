"""Facet counts for the search page's filters: passages per kommune, kind and year.

Counts are disjunctive, as in any faceted search: the counts of one field apply the other
fields' filters but not its own, so a user can widen a choice as well as narrow it.
"""

from __future__ import annotations

from dataclasses import replace

from corpus.services import Services
from indexer.store import Filters
from search_api.retrieval.search import PUBLISHED

FIELDS = ("kommune", "kind", "year")


def _without(filters: Filters, field: str) -> Filters:
    """The filters with one field's own condition removed."""
    if field == "year":
        return replace(filters, year_from=None, year_to=None)
    return replace(filters, **{field: ()})


def facet_counts(services: Services, filters: Filters | None = None, *, limit: int = 200) -> dict[str, dict[str, int]]:
    """Field -> value -> number of published passages, most frequent first (years newest first)."""
    filters = replace(filters or Filters(), status=PUBLISHED)
    counts = {field: services.store.facet(field, _without(filters, field), limit=limit) for field in FIELDS}
    counts["year"] = dict(sorted(counts["year"].items(), key=lambda item: item[0], reverse=True))
    return counts
