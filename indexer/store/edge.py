"""Embedded default store: Qdrant's own engine in-process through qdrant-edge-py."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from qdrant_edge import (
    CountRequest,
    Distance,
    EdgeConfig,
    EdgeOptimizersConfig,
    EdgeShard,
    EdgeSparseVectorParams,
    EdgeVectorParams,
    FacetRequest,
    FieldCondition,
    Filter,
    Fusion,
    HnswIndexConfig,
    Memory,
    MatchAny,
    MatchValue,
    Modifier,
    MultiVectorComparator,
    MultiVectorConfig,
    PayloadSchemaType,
    Point,
    Prefetch,
    QuantizationSearchParams,
    Query,
    QueryRequest,
    RangeFloat,
    ScalarQuantizationConfig,
    ScalarType,
    ScrollRequest,
    SearchParams,
    UpdateOperation,
    VectorStorageDatatype,
)
from qdrant_edge import SparseVector as EdgeSparse

from indexer import crashpoints
from indexer.disk import copy_tree, require_space
from indexer.errors import EmbeddingMismatch, IndexNotReady, StoreLocked
from indexer.settings import StoreSettings
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
from indexer.store.shard import META_FILE, Guarded, read_meta, write_meta

log = logging.getLogger(__name__)

# "disk": memory-mapped, read when touched; "ram": kept in memory.
_MEMORY = {"disk": Memory.Cold, "ram": Memory.Cached}
LOCKED_MESSAGE = "the store is in use by another process (is `vidensbank serve` running?)"
UPSERT_BATCH = 64  # points per update call; bounds the memory of one write
INDEXING_THRESHOLD_KB = 20_000  # Qdrant's default: smaller segments are searched without HNSW
# int8 copies answer the HNSW walk; twice the candidates are rescored with the float32 originals.
RESCORE = QuantizationSearchParams(rescore=True, oversampling=2.0)


def _edge_condition(condition: Condition) -> FieldCondition | Filter:
    if isinstance(condition, Match):
        return FieldCondition(condition.key, match=MatchAny(list(condition.values)))
    if isinstance(condition, Range):
        return FieldCondition(condition.key, range=RangeFloat(gte=condition.gte, lte=condition.lte))
    return Filter(should=[Filter(must=[_edge_condition(c) for c in group]) for group in condition.groups])


def to_edge_filter(filters: Filters | None) -> Filter | None:
    """Our Filters -> a Qdrant Edge Filter (None when there is nothing to filter)."""
    must = [_edge_condition(c) for c in filters.conditions()] if filters is not None else []
    return Filter(must=must) if must else None


class EdgeStore:
    """Store backed by an EdgeShard folder. Exactly one process may hold it."""

    info_backend = "edge"

    def __init__(self, path: Path, *, model: str, dim: int, hnsw_ef: int = 256,
                 exact_below: int = 20_000, min_free_mb: float = 0.0, sentence_memory: str = "disk",
                 ngram_memory: str = "disk", dense_memory: str = "int8", segment_mb: float = 160.0) -> None:
        self.path = Path(path)
        self.hnsw_ef, self.exact_below = hnsw_ef, exact_below
        self.sentence_memory, self.ngram_memory, self.dense_memory = sentence_memory, ngram_memory, dense_memory
        self.segment_mb = segment_mb
        self._unindexed_bytes = 0  # vector bytes written since the last optimise
        self.meta_path = self.path / META_FILE
        meta = read_meta(self.meta_path)
        # Opening writes (WAL replay, a new appendable segment): never on a nearly full disk.
        require_space([self.path], min_free_mb=min_free_mb)
        if meta and (meta["model"], meta["dim"]) != (model, dim):
            raise EmbeddingMismatch(
                f"The store at {self.path} was built with the embedding model {meta['model']} "
                f"(dimension {meta['dim']}), but the configured model is {model} (dimension {dim}). "
                "Use the same model, or index into a new data directory.",
                stored_model=meta["model"], configured_model=model,
            )
        self.model, self.dim = model, dim
        self._shard = Guarded(self._open(meta is None, placed=bool(meta) and meta.get("schema", 1) >= 2), self.path)
        if meta is None:
            meta = {"model": model, "dim": dim, "schema": SCHEMA}
            write_meta(self.path, model=model, dim=dim)
        # A schema-1 store has no sentence or n-gram vectors: it keeps working on the two it has.
        self.signals = SIGNALS if meta.get("schema", 1) >= 2 else (DENSE, SPARSE)
        self._pid_file = self.path / "owner.pid"
        self._pid_file.write_text(str(os.getpid()))
        self._points = self._shard.info().points_count
        self._filtered: dict[str, int] = {}  # filter -> points it leaves, until the next write

    @classmethod
    def configured(cls, path: Path, options: StoreSettings, *, model: str, dim: int) -> "EdgeStore":
        """An EdgeStore at ``path`` with the store settings (the one place they are passed on)."""
        return cls(path, model=model, dim=dim, hnsw_ef=options.hnsw_ef, exact_below=options.exact_below,
                   min_free_mb=options.min_free_mb, sentence_memory=options.sentence_memory,
                   ngram_memory=options.ngram_memory, dense_memory=options.dense_memory,
                   segment_mb=options.segment_mb)

    def _open(self, create: bool, *, placed: bool = False) -> EdgeShard:
        """Create or load the shard; ``placed``: a schema-2 store, loaded with today's memory placement."""
        shard_dir = self.path / "shard"
        segments = set(self._segments(shard_dir))
        try:
            if create and not shard_dir.exists():
                self.path.mkdir(parents=True, exist_ok=True)
                shard = EdgeShard.create(str(shard_dir), self._config())
                self._create_indexes(shard)
                return shard
            return EdgeShard.load(str(shard_dir), self._config() if placed else None)
        except Exception as exc:  # the Rust core raises a bare Exception
            if "WouldBlock" in str(exc) or "lock" in str(exc).lower():
                pid = self._owner_pid()
                suffix = f" (PID {pid})" if pid else ""
                raise StoreLocked(LOCKED_MESSAGE + suffix) from None
            self._remove_new_segments(shard_dir, segments)
            raise IndexNotReady(f"Lageret i {self.path} kan ikke åbnes: {exc}. Kør `vidensbank store repair` "
                                "for at bygge det op igen fra kataloget.") from None

    @staticmethod
    def _segments(shard_dir: Path) -> list[Path]:
        folder = shard_dir / "segments"
        return list(folder.iterdir()) if folder.is_dir() else []

    def _remove_new_segments(self, shard_dir: Path, before: set[Path]) -> None:
        """A failed open must not leave the segment it started behind (each attempt added one)."""
        for segment in set(self._segments(shard_dir)) - before:
            log.warning("removing segment %s left by a failed open", segment.name)
            shutil.rmtree(segment, ignore_errors=True)

    def _owner_pid(self) -> str | None:
        try:
            return (self.path / "owner.pid").read_text().strip() or None
        except OSError:
            return None

    def _config(self) -> EdgeConfig:
        # Sentence vectors serve answers by id (a few passages per question) and an optional
        # signal: half precision, no HNSW graph (m=0), and by default read from disk when asked
        # for instead of held in RAM (docs/performance.md has the measurements).
        sentences = EdgeVectorParams(size=self.dim, distance=Distance.Cosine, datatype=VectorStorageDatatype.Float16,
                                     multivector_config=MultiVectorConfig(comparator=MultiVectorComparator.MaxSim),
                                     hnsw_config=HnswIndexConfig(m=0, ef_construct=100, full_scan_threshold=10_000),
                                     memory=_MEMORY[self.sentence_memory])
        return EdgeConfig(
            vectors={DENSE: self._dense_params(), SENTENCES: sentences},
            sparse_vectors={SPARSE: EdgeSparseVectorParams(modifier=Modifier.Idf),
                            NGRAMS: EdgeSparseVectorParams(modifier=Modifier.Idf, memory=_MEMORY[self.ngram_memory])},
            optimizers=self._optimizers(),
        )

    def _dense_params(self) -> EdgeVectorParams:
        # "int8": the HNSW walk reads int8 copies held in RAM (a quarter of float32); the float32
        # originals stay memory-mapped and are read only to rescore the best candidates.
        if self.dense_memory == "int8":
            return EdgeVectorParams(size=self.dim, distance=Distance.Cosine, memory=Memory.Cold,
                                    quantization_config=ScalarQuantizationConfig(type=ScalarType.Int8, quantile=0.99,
                                                                                 memory=Memory.Cached))
        return EdgeVectorParams(size=self.dim, distance=Distance.Cosine)

    def _optimizers(self) -> EdgeOptimizersConfig | None:
        """Segments of at most ``segment_mb`` of vectors: optimising one never needs more than
        one segment's worth of memory, however large the store grows."""
        if not self.segment_mb:
            return None
        kb = max(1, int(self.segment_mb * 1024))
        return EdgeOptimizersConfig(max_segment_size=kb, indexing_threshold=min(kb, INDEXING_THRESHOLD_KB))

    @staticmethod
    def _create_indexes(shard: EdgeShard) -> None:
        for name in KEYWORD_FIELDS:
            shard.update(UpdateOperation.create_field_index(name, PayloadSchemaType.Keyword))
        for name in INTEGER_FIELDS:
            shard.update(UpdateOperation.create_field_index(name, PayloadSchemaType.Integer))

    def info(self) -> StoreInfo:
        return StoreInfo(backend="edge", points=self.count(), model=self.model, dim=self.dim, signals=self.signals)

    def _vectors(self, point: StoredPoint) -> dict:
        vectors = {DENSE: point.dense.tolist(), SPARSE: EdgeSparse(list(point.sparse.indices), list(point.sparse.values))}
        if SENTENCES in self.signals and point.sentences is not None and len(point.sentences):
            vectors[SENTENCES] = point.sentences.tolist()
        if NGRAMS in self.signals and point.ngrams is not None:
            vectors[NGRAMS] = EdgeSparse(list(point.ngrams.indices), list(point.ngrams.values))
        return vectors

    def upsert(self, points: Sequence[StoredPoint]) -> None:
        if not points:
            return
        for start in range(0, len(points), UPSERT_BATCH):
            crashpoints.reach("store.upsert_batch")
            batch = points[start : start + UPSERT_BATCH]
            self._shard.update(UpdateOperation.upsert_points([Point(p.id, self._vectors(p), p.payload) for p in batch]))
            self._unindexed_bytes += sum(self._vector_bytes(p) for p in batch)
            if self.segment_mb and self._unindexed_bytes >= self.segment_mb * 1e6:
                self.optimize()  # Edge never optimises on its own: index the segment that just filled
        self._written()

    def _vector_bytes(self, point: StoredPoint) -> int:
        """Roughly what Qdrant counts towards a segment's size: float32 dense, float16 sentences."""
        sentences = point.sentences if SENTENCES in self.signals and point.sentences is not None else ()
        return 4 * self.dim + 2 * self.dim * len(sentences)

    def _written(self) -> None:
        self._points = self._shard.info().points_count
        self._filtered = {}

    def _candidates(self, flt: Filter | None) -> int:
        """How many points a filter leaves (counted once per filter between writes)."""
        if flt is None:
            return self._points
        key = repr(flt)
        if key not in self._filtered:
            if len(self._filtered) > 1024:
                self._filtered = {}
            self._filtered[key] = int(self._shard.count(CountRequest(filter=flt, exact=False)))
        return self._filtered[key]

    def search_plan(self, filters: Filters | None = None) -> str:
        """"exact" when the filter leaves fewer than ``exact_below`` points, else "hnsw"."""
        return self._plan(to_edge_filter(filters))

    def _plan(self, flt: Filter | None) -> str:
        # A selective filter (one kommune is ~1 % of a national corpus) makes HNSW walk a graph
        # whose neighbours are mostly filtered out: few candidates are searched exactly, faster.
        return "exact" if self._candidates(flt) < self.exact_below else "hnsw"

    def _params(self, flt: Filter | None = None) -> SearchParams:
        quantized = self.dense_memory == "int8"
        if self._plan(flt) == "exact":  # few points: score them with the originals
            return SearchParams(exact=True, quantization=QuantizationSearchParams(ignore=True) if quantized else None)
        return SearchParams(hnsw_ef=self.hnsw_ef, quantization=RESCORE if quantized else None)

    def _prefetch(self, name: str, vector, request: StoreQuery, flt: Filter | None) -> Prefetch:
        if name in (SPARSE, NGRAMS):
            return Prefetch(limit=request.prefetch_limit, filter=flt,
                            query=Query.Nearest(EdgeSparse(list(vector.indices), list(vector.values)), using=name))
        query = [vector.tolist()] if name == SENTENCES else vector.tolist()
        return Prefetch(limit=request.prefetch_limit, filter=flt, params=self._params(flt),
                        query=Query.Nearest(query, using=name))

    def query(self, request: StoreQuery) -> list[ScoredRecord]:
        flt = to_edge_filter(request.filters)
        prefetches = [self._prefetch(name, vector, request, flt)
                      for name, vector in request.signals().items() if name in self.signals]
        if not prefetches:
            return []
        if len(prefetches) == 1:
            single = prefetches[0]
            q = QueryRequest(limit=request.limit, query=single.query, filter=flt,
                             params=single.params, with_payload=True)
        else:
            weights = request.weights_for(self.signals)
            fusion = Fusion.Dbsf() if request.fusion == "dbsf" else Fusion.Rrf(k=request.rrf_k, weights=weights)
            q = QueryRequest(limit=request.limit, prefetches=prefetches, query=fusion,
                             filter=flt, with_payload=True)
        return [ScoredRecord(str(p.id), float(p.score), dict(p.payload or {})) for p in self._shard.query(q)]

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if SENTENCES not in self.signals or not ids:
            return {}
        records = self._shard.retrieve(list(ids), False, [SENTENCES])
        return {str(r.id): np.asarray(r.vector[SENTENCES], dtype=np.float32)
                for r in records if (r.vector or {}).get(SENTENCES)}

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            self._shard.update(UpdateOperation.delete_points_by_filter(to_edge_filter(Filters(doc_ids=tuple(doc_ids)))))
            self._written()

    def delete_chunks(self, doc_id: str, *, from_chunk: int) -> None:
        flt = Filter(must=[FieldCondition("doc_id", match=MatchValue(doc_id)),
                           FieldCondition("chunk_no", range=RangeFloat(gte=from_chunk))])
        self._shard.update(UpdateOperation.delete_points_by_filter(flt))
        self._written()

    def set_payload(self, doc_id: str, values: dict) -> None:
        self._shard.update(UpdateOperation.set_payload_by_filter(to_edge_filter(Filters(doc_ids=(doc_id,))), values))
        self._filtered = {}

    def scroll(self, filters: Filters, *, limit: int = 10_000) -> Iterator[ScoredRecord]:
        offset = None
        seen = 0
        while seen < limit:
            records, offset = self._shard.scroll(ScrollRequest(
                offset=offset, limit=min(256, limit - seen), filter=to_edge_filter(filters), with_payload=True))
            for record in records:
                yield ScoredRecord(str(record.id), 0.0, dict(record.payload or {}))
            seen += len(records)
            if offset is None or not records:
                return

    def export(self, *, batch_size: int = 256) -> Iterator[list[StoredPoint]]:
        offset = None
        while True:
            records, offset = self._shard.scroll(ScrollRequest(offset=offset, limit=batch_size, with_payload=True,
                                                               with_vector=True))
            if records:
                yield [stored_point(str(r.id), r.vector or {}, dict(r.payload or {})) for r in records]
            if offset is None or not records:
                return

    def segment_count(self) -> int:
        """How many segments the shard holds (the appendable one included)."""
        return int(self._shard.info().segments_count)

    def count(self, filters: Filters | None = None) -> int:
        return int(self._shard.count(CountRequest(filter=to_edge_filter(filters), exact=True)))

    def facet(self, key: str, filters: Filters | None = None, *, limit: int = 100) -> dict[str, int]:
        response = self._shard.facet(FacetRequest(key=key, limit=limit, filter=to_edge_filter(filters), exact=True))
        # Edge keeps values of deleted or changed points in its index with count 0: leave them out.
        return {str(hit.value): int(hit.count) for hit in response if hit.count > 0}

    def optimize(self) -> None:
        self._unindexed_bytes = 0
        self._shard.optimize()
        self._shard.flush()

    def copy_to(self, folder: Path) -> bool:
        """Flush, then copy the shard folder and the metadata file (holes kept). The caller
        holds the write lock, so the files do not change while they are copied."""
        self._shard.flush()
        copy_tree(self.path, Path(folder), skip=("owner.pid",))
        return True

    def close(self) -> None:
        if self._shard is None:
            return
        shard, self._shard = self._shard, None
        try:
            shard.flush()
        finally:  # a damaged store is released all the same
            shard.close()
        try:
            self._pid_file.unlink()
        except OSError:
            pass
