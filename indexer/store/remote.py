"""Scale-out store: a Qdrant server or cluster through qdrant-client (":memory:" in tests).

Same collection schema and the same in-app Danish BM25 vectors as the embedded store, so
both backends return the same ranking (proven by tests/indexer/test_store_congruence.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from qdrant_client import QdrantClient, models

from indexer.errors import EmbeddingMismatch
from indexer.settings import StoreSettings
from indexer.store.collection import Aliases, create_options
from indexer.store.connection import Retry, is_local, make_client
from indexer.store.protocol import (
    DENSE,
    INTEGER_FIELDS,
    KEYWORD_FIELDS,
    NGRAMS,
    SCHEMA,
    SENTENCES,
    SIGNALS,
    SPARSE,
    Condition,
    Filters,
    Match,
    Range,
    ScoredRecord,
    StoredPoint,
    StoreInfo,
    StoreQuery,
    stored_point,
)


def _client_condition(condition: Condition) -> models.FieldCondition | models.Filter:
    if isinstance(condition, Match):
        return models.FieldCondition(key=condition.key, match=models.MatchAny(any=list(condition.values)))
    if isinstance(condition, Range):
        return models.FieldCondition(key=condition.key, range=models.Range(gte=condition.gte, lte=condition.lte))
    return models.Filter(should=[models.Filter(must=[_client_condition(c) for c in group])
                                 for group in condition.groups])


def to_client_filter(filters: Filters | None) -> models.Filter | None:
    """Our Filters -> a qdrant-client Filter (None when there is nothing to filter)."""
    must = [_client_condition(c) for c in filters.conditions()] if filters is not None else []
    return models.Filter(must=must) if must else None


class ClientStore:
    """Store backed by a collection in Qdrant, reached through qdrant-client.

    ``collection`` is the alias readers use; a new install creates ``<collection>-g1`` behind
    it. With ``alias=False`` it is a plain collection (a rebuild fills one before the switch).
    """

    info_backend = "qdrant-client"

    def __init__(self, url: str, *, collection: str, model: str, dim: int, options: StoreSettings | None = None,
                 client: QdrantClient | None = None, alias: bool = True) -> None:
        self.url, self.collection, self.model, self.dim = url, collection, model, dim
        self.options = options or StoreSettings()
        self.call = Retry(url, retries=self.options.retries)
        self._owns_client = client is None
        self.client = client or make_client(url, api_key=self.options.api_key, timeout_s=self.options.timeout_s)
        self.aliases = Aliases(self.client, collection, call=self.call)
        meta = self._check_model() if self._exists(alias) else self._create(alias)
        # A schema-1 collection has no sentence or n-gram vectors: it keeps working on the two it has.
        self.signals = SIGNALS if meta.get("schema", 1) >= 2 else (DENSE, SPARSE)

    def _exists(self, alias: bool) -> bool:
        return self.aliases.exists() if alias else self.call(self.client.collection_exists, self.collection)

    def _check_model(self) -> dict:
        meta = self.call(self.client.get_collection, self.collection).config.metadata or {}
        stored = (meta.get("model"), meta.get("dim"))
        if stored != (self.model, self.dim):
            raise EmbeddingMismatch(
                f"The collection {self.collection} was built with the embedding model {stored[0]} "
                f"(dimension {stored[1]}), but the configured model is {self.model} (dimension {self.dim}).",
                stored_model=stored[0], configured_model=self.model,
            )
        return meta

    def _create(self, alias: bool) -> dict:
        name = self.aliases.next_name() if alias else self.collection
        meta = {"model": self.model, "dim": self.dim, "schema": SCHEMA}
        self.call(self.client.create_collection, name, metadata=meta,
                  **create_options(dim=self.dim, options=self.options))
        if not is_local(self.url):  # local mode has no payload indexes
            self._create_indexes(name)
        if alias:
            self.aliases.switch(name)
        return meta

    def _create_indexes(self, name: str) -> None:
        for field_name in KEYWORD_FIELDS:
            self.call(self.client.create_payload_index, name, field_name, models.PayloadSchemaType.KEYWORD)
        for field_name in INTEGER_FIELDS:
            self.call(self.client.create_payload_index, name, field_name, models.PayloadSchemaType.INTEGER)

    def info(self) -> StoreInfo:
        return StoreInfo(backend=self.info_backend, points=self.count(), model=self.model, dim=self.dim,
                         signals=self.signals)

    def _vectors(self, point: StoredPoint) -> dict:
        vectors = {DENSE: point.dense.tolist(),
                   SPARSE: models.SparseVector(indices=list(point.sparse.indices), values=list(point.sparse.values))}
        if SENTENCES in self.signals and point.sentences is not None and len(point.sentences):
            vectors[SENTENCES] = point.sentences.tolist()
        if NGRAMS in self.signals and point.ngrams is not None:
            vectors[NGRAMS] = models.SparseVector(indices=list(point.ngrams.indices), values=list(point.ngrams.values))
        return vectors

    def upsert(self, points: Sequence[StoredPoint]) -> None:
        if not points:
            return
        self.call(self.client.upsert, self.collection, points=[
            models.PointStruct(id=p.id, payload=p.payload, vector=self._vectors(p)) for p in points])

    def _params(self) -> models.SearchParams | None:
        if is_local(self.url):
            return None  # local mode always searches exactly
        if self.count() < self.options.exact_below:
            return models.SearchParams(exact=True)
        return models.SearchParams(hnsw_ef=self.options.hnsw_ef)

    @staticmethod
    def _prefetch(name: str, vector, request: StoreQuery, flt: models.Filter | None,
                  params: models.SearchParams | None) -> models.Prefetch:
        if name in (SPARSE, NGRAMS):
            sparse = models.SparseVector(indices=list(vector.indices), values=list(vector.values))
            return models.Prefetch(query=sparse, using=name, filter=flt, limit=request.prefetch_limit)
        query = [vector.tolist()] if name == SENTENCES else vector.tolist()
        return models.Prefetch(query=query, using=name, filter=flt, limit=request.prefetch_limit, params=params)

    def query(self, request: StoreQuery) -> list[ScoredRecord]:
        flt = to_client_filter(request.filters)
        params = self._params()
        prefetch = [self._prefetch(name, vector, request, flt, params)
                    for name, vector in request.signals().items() if name in self.signals]
        if not prefetch:
            return []
        if len(prefetch) == 1:
            one = prefetch[0]
            response = self.call(self.client.query_points, self.collection, query=one.query, using=one.using,
                                                query_filter=flt, limit=request.limit, search_params=one.params,
                                                with_payload=True)
        else:
            weights = request.weights_for(self.signals)
            fusion = (models.FusionQuery(fusion=models.Fusion.DBSF) if request.fusion == "dbsf"
                      else models.RrfQuery(rrf=models.Rrf(k=request.rrf_k, weights=weights)))
            response = self.call(self.client.query_points, self.collection, prefetch=prefetch, query=fusion,
                                                query_filter=flt, limit=request.limit, with_payload=True)
        return [ScoredRecord(str(p.id), float(p.score), dict(p.payload or {})) for p in response.points]

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if SENTENCES not in self.signals or not ids:
            return {}
        records = self.call(self.client.retrieve, self.collection, ids=list(ids), with_payload=False, with_vectors=[SENTENCES])
        return {str(r.id): np.asarray(r.vector[SENTENCES], dtype=np.float32)
                for r in records if (r.vector or {}).get(SENTENCES)}

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            self.call(self.client.delete, self.collection, points_selector=models.FilterSelector(
                filter=to_client_filter(Filters(doc_ids=tuple(doc_ids)))))

    def delete_chunks(self, doc_id: str, *, from_chunk: int) -> None:
        flt = models.Filter(must=[models.FieldCondition(key="doc_id", match=models.MatchValue(value=doc_id)),
                                  models.FieldCondition(key="chunk_no", range=models.Range(gte=from_chunk))])
        self.client.delete(self.collection, points_selector=models.FilterSelector(filter=flt))

    def set_payload(self, doc_id: str, values: dict) -> None:
        self.call(self.client.set_payload, self.collection, payload=values,
                                points=models.FilterSelector(filter=to_client_filter(Filters(doc_ids=(doc_id,)))))

    def scroll(self, filters: Filters, *, limit: int = 10_000) -> Iterator[ScoredRecord]:
        offset = None
        seen = 0
        while seen < limit:
            records, offset = self.call(self.client.scroll, self.collection, scroll_filter=to_client_filter(filters),
                                                 limit=min(256, limit - seen), offset=offset, with_payload=True)
            for record in records:
                yield ScoredRecord(str(record.id), 0.0, dict(record.payload or {}))
            seen += len(records)
            if offset is None or not records:
                return

    def export(self, *, batch_size: int = 256) -> Iterator[list[StoredPoint]]:
        offset = None
        while True:
            records, offset = self.call(self.client.scroll, self.collection, limit=batch_size, offset=offset,
                                        with_payload=True, with_vectors=True)
            if records:
                yield [stored_point(str(r.id), r.vector or {}, dict(r.payload or {})) for r in records]
            if offset is None or not records:
                return

    def count(self, filters: Filters | None = None) -> int:
        return self.call(self.client.count, self.collection, count_filter=to_client_filter(filters), exact=True).count

    def facet(self, key: str, filters: Filters | None = None, *, limit: int = 100) -> dict[str, int]:
        response = self.call(self.client.facet, self.collection, key=key, facet_filter=to_client_filter(filters),
                                     limit=limit, exact=True)
        return {str(hit.value): int(hit.count) for hit in response.hits}

    def optimize(self) -> None:
        """A Qdrant server optimises in the background; nothing to do."""

    def copy_to(self, folder: Path) -> bool:
        """A server's collection is backed up with Qdrant's own snapshots (or rebuilt from the catalog)."""
        return False

    def close(self) -> None:
        if self._owns_client:
            self.client.close()
