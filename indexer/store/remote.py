"""Scale-out store: a Qdrant server or cluster through qdrant-client (":memory:" in tests).

Same collection schema and the same in-app Danish BM25 vectors as the embedded store, so
both backends return the same ranking (proven by tests/indexer/test_store_congruence.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from indexer.errors import EmbeddingMismatch, IndexNotReady
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
    """Store backed by a collection in Qdrant, reached through qdrant-client."""

    info_backend = "qdrant-client"

    def __init__(self, url: str, *, collection: str, model: str, dim: int, api_key: str | None = None,
                 hnsw_ef: int = 256, exact_below: int = 20_000, client: QdrantClient | None = None) -> None:
        self.collection, self.model, self.dim = collection, model, dim
        self.hnsw_ef, self.exact_below = hnsw_ef, exact_below
        try:
            self.client = client or (QdrantClient(":memory:") if url == ":memory:"
                                     else QdrantClient(url=url, api_key=api_key, timeout=30))
            exists = self.client.collection_exists(collection)
        except (ResponseHandlingException, UnexpectedResponse, OSError) as exc:
            raise IndexNotReady(f"The Qdrant server at {url} cannot be reached: {exc}") from None
        if exists:
            meta = self._check_model()
        else:
            meta = self._create()
        # A schema-1 collection has no sentence or n-gram vectors: it keeps working on the two it has.
        self.signals = SIGNALS if meta.get("schema", 1) >= 2 else (DENSE, SPARSE)

    def _check_model(self) -> dict:
        meta = self.client.get_collection(self.collection).config.metadata or {}
        stored = (meta.get("model"), meta.get("dim"))
        if stored != (self.model, self.dim):
            raise EmbeddingMismatch(
                f"The collection {self.collection} was built with the embedding model {stored[0]} "
                f"(dimension {stored[1]}), but the configured model is {self.model} (dimension {self.dim}).",
                stored_model=stored[0], configured_model=self.model,
            )
        return meta

    def _create(self) -> dict:
        # Sentence vectors: half precision, no HNSW graph (see the embedded store).
        sentences = models.VectorParams(
            size=self.dim, distance=models.Distance.COSINE, datatype=models.Datatype.FLOAT16,
            multivector_config=models.MultiVectorConfig(comparator=models.MultiVectorComparator.MAX_SIM),
            hnsw_config=models.HnswConfigDiff(m=0))
        meta = {"model": self.model, "dim": self.dim, "schema": SCHEMA}
        self.client.create_collection(
            self.collection,
            vectors_config={DENSE: models.VectorParams(size=self.dim, distance=models.Distance.COSINE),
                            SENTENCES: sentences},
            sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF),
                                   NGRAMS: models.SparseVectorParams(modifier=models.Modifier.IDF)},
            metadata=meta,
        )
        if self.client.init_options.get("location") != ":memory:":  # local mode has no payload indexes
            self._create_indexes()
        return meta

    def _create_indexes(self) -> None:
        for name in KEYWORD_FIELDS:
            self.client.create_payload_index(self.collection, name, models.PayloadSchemaType.KEYWORD)
        for name in INTEGER_FIELDS:
            self.client.create_payload_index(self.collection, name, models.PayloadSchemaType.INTEGER)

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
        self.client.upsert(self.collection, points=[
            models.PointStruct(id=p.id, payload=p.payload, vector=self._vectors(p)) for p in points])

    def _params(self) -> models.SearchParams | None:
        if self.client.init_options.get("location") == ":memory:":
            return None  # local mode always searches exactly
        if self.count() < self.exact_below:
            return models.SearchParams(exact=True)
        return models.SearchParams(hnsw_ef=self.hnsw_ef)

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
            response = self.client.query_points(self.collection, query=one.query, using=one.using,
                                                query_filter=flt, limit=request.limit, search_params=one.params,
                                                with_payload=True)
        else:
            weights = request.weights_for(self.signals)
            fusion = (models.FusionQuery(fusion=models.Fusion.DBSF) if request.fusion == "dbsf"
                      else models.RrfQuery(rrf=models.Rrf(k=request.rrf_k, weights=weights)))
            response = self.client.query_points(self.collection, prefetch=prefetch, query=fusion,
                                                query_filter=flt, limit=request.limit, with_payload=True)
        return [ScoredRecord(str(p.id), float(p.score), dict(p.payload or {})) for p in response.points]

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if SENTENCES not in self.signals or not ids:
            return {}
        records = self.client.retrieve(self.collection, ids=list(ids), with_payload=False, with_vectors=[SENTENCES])
        return {str(r.id): np.asarray(r.vector[SENTENCES], dtype=np.float32)
                for r in records if (r.vector or {}).get(SENTENCES)}

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            self.client.delete(self.collection, points_selector=models.FilterSelector(
                filter=to_client_filter(Filters(doc_ids=tuple(doc_ids)))))

    def set_payload(self, doc_id: str, values: dict) -> None:
        self.client.set_payload(self.collection, payload=values,
                                points=models.FilterSelector(filter=to_client_filter(Filters(doc_ids=(doc_id,)))))

    def scroll(self, filters: Filters, *, limit: int = 10_000) -> Iterator[ScoredRecord]:
        offset = None
        seen = 0
        while seen < limit:
            records, offset = self.client.scroll(self.collection, scroll_filter=to_client_filter(filters),
                                                 limit=min(256, limit - seen), offset=offset, with_payload=True)
            for record in records:
                yield ScoredRecord(str(record.id), 0.0, dict(record.payload or {}))
            seen += len(records)
            if offset is None or not records:
                return

    def count(self, filters: Filters | None = None) -> int:
        return self.client.count(self.collection, count_filter=to_client_filter(filters), exact=True).count

    def facet(self, key: str, filters: Filters | None = None, *, limit: int = 100) -> dict[str, int]:
        response = self.client.facet(self.collection, key=key, facet_filter=to_client_filter(filters),
                                     limit=limit, exact=True)
        return {str(hit.value): int(hit.count) for hit in response.hits}

    def optimize(self) -> None:
        """A Qdrant server optimises in the background; nothing to do."""

    def close(self) -> None:
        self.client.close()
