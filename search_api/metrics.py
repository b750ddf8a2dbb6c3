"""The operator's view in Prometheus format: the only module that imports prometheus-client.

Request latency by route and status, embedding time and batch sizes, cache hits, store and
catalog size, indexing progress (passages embedded) and rate-limit refusals. Each app has its
own registry, so several apps in one process (tests) never share counters.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
EMBED_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128)


class _ServicesCollector:
    """Figures read from the open services at scrape time (never from request data)."""

    def __init__(self, app) -> None:
        self.app = app

    def collect(self):
        services = getattr(self.app.state, "services", None)
        ready = GaugeMetricFamily("vidensbank_ready", "1 when the store is open and the model loaded.")
        ready.add_metric([], 1.0 if services is not None else 0.0)
        yield ready
        if services is None:
            return
        yield from _cache_metrics(services)
        yield from _size_metrics(services)


def _cache_metrics(services):
    hits = CounterMetricFamily("vidensbank_cache_hits", "Lookups answered from a cache.", labels=["cache"])
    misses = CounterMetricFamily("vidensbank_cache_misses", "Lookups the cache could not answer.", labels=["cache"])
    caches = {"query_vectors": getattr(services.embedder, "cache", None),
              "results": getattr(services.store, "results", None),
              "sentence_vectors": getattr(services.store, "sentences", None),
              "passages": getattr(services.store, "passages", None)}
    for name, cache in caches.items():
        if cache is not None:
            hits.add_metric([name], cache.hits)
            misses.add_metric([name], cache.misses)
    yield hits
    yield misses
    generation = GaugeMetricFamily("vidensbank_store_generation", "Writes to the store since start (caches are "
                                                                  "emptied on each).")
    generation.add_metric([], getattr(services.store, "generation", 0))
    yield generation


def _size_metrics(services):
    passages = GaugeMetricFamily("vidensbank_store_passages", "Passages (points) in the vector store.")
    passages.add_metric([], services.store.count())
    yield passages
    documents = GaugeMetricFamily("vidensbank_documents", "Documents in the catalog by review status.",
                                  labels=["status"])
    for status, n in services.catalog.count_by_status().items():
        documents.add_metric([status], n)
    yield documents


class Metrics:
    """The registry of one app and the instruments its middleware and embedder report to."""

    def __init__(self, app) -> None:
        self.registry = CollectorRegistry()
        self.requests = Histogram("vidensbank_http_request_duration_seconds", "HTTP request latency.",
                                  ["route", "method", "status"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.refusals = Counter("vidensbank_rate_limited", "Requests refused by the rate limit (429).", ["route"],
                                registry=self.registry)
        self.embedding = Histogram("vidensbank_embedding_seconds", "Time in one model call.", ["kind"],
                                   buckets=EMBED_BUCKETS, registry=self.registry)
        self.batch = Histogram("vidensbank_embedding_batch_size", "Texts per model call.", ["kind"],
                               buckets=BATCH_BUCKETS, registry=self.registry)
        self.store = Histogram("vidensbank_store_seconds", "Time in the vector store, by operation (cache misses).",
                               ["operation"], buckets=EMBED_BUCKETS, registry=self.registry)
        self.embedded = Counter("vidensbank_embedded_texts", "Texts embedded (passages: indexing progress).",
                                ["kind"], registry=self.registry)
        self.registry.register(_ServicesCollector(app))

    def observe_request(self, *, route: str, method: str, status: int, seconds: float) -> None:
        """One finished HTTP request."""
        self.requests.labels(route, method, str(status)).observe(seconds)
        if status == 429:
            self.refusals.labels(route).inc()

    def observe_embedding(self, kind: str, texts: int, seconds: float) -> None:
        """One model call (the embedding pool reports each)."""
        self.embedding.labels(kind).observe(seconds)
        self.batch.labels(kind).observe(texts)
        self.embedded.labels(kind).inc(texts)

    def observe_store(self, operation: str, seconds: float) -> None:
        """One read that reached the vector store."""
        self.store.labels(operation).observe(seconds)

    def render(self) -> tuple[bytes, str]:
        """The exposition text and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
