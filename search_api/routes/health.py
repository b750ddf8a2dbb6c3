"""Liveness and readiness probes."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response

from corpus.repair import probe
from corpus.services import Services
from indexer.disk import shortage
from indexer.errors import IndexNotReady, VidensbankError
from search_api.schemas import Problem

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict:
    """Always 200 while the process runs."""
    return {"status": "ok"}


@router.get("/readyz", summary="The store is open, readable and has disk space; the model loaded",
            responses={503: {"model": Problem, "description": "Not ready; `detail` says why and what to do."}})
def readyz(request: Request) -> dict:
    """200 with store facts when searches can be served, else 503 problem+json with the reason."""
    services: Services | None = getattr(request.app.state, "services", None)
    if services is None:
        error = getattr(request.app.state, "startup_error", None)
        if isinstance(error, IndexNotReady):
            raise error
        raise IndexNotReady(error.detail if error else "Indekset er ikke klar endnu.")
    settings = services.settings
    if reason := shortage(settings.local_paths, min_free_mb=settings.store.min_free_mb):
        raise IndexNotReady(f"{reason} Nye dokumenter og ændringer afvises, til der er frigjort plads.",
                            reason="disk-full")
    try:
        probe(services)
        info = services.store.info()
    except IndexNotReady:
        raise
    except VidensbankError as exc:
        raise IndexNotReady(exc.detail) from None
    except Exception as exc:  # the catalog database or a Qdrant server
        log.error("readiness probe failed: %s", type(exc).__name__)
        raise IndexNotReady(f"Kataloget eller lageret kan ikke læses ({type(exc).__name__}: "
                            f"{str(exc).splitlines()[0][:200]}).") from None
    return {"status": "ready", "store": info.backend, "points": info.points,
            "model": info.model, "dim": info.dim}


@router.get("/metrics", summary="Prometheus metrics", response_class=Response,
            responses={200: {"content": {"text/plain": {}}}})
def metrics(request: Request) -> Response:
    """Request latency, embedding, caches, store size and rate-limit refusals in Prometheus text format
    (counts and timings only: no query text, no document text)."""
    body, content_type = request.app.state.metrics.render()
    return Response(content=body, media_type=content_type)
