"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from corpus.services import Services
from search_api.deps import get_services

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict:
    """Always 200 while the process runs."""
    return {"status": "ok"}


@router.get("/readyz", summary="The store is open and the model loaded")
def readyz(request: Request, services: Services = Depends(get_services)) -> dict:
    """200 with store facts when searches can be served, else 503 problem+json."""
    info = services.store.info()
    return {"status": "ready", "store": info.backend, "points": info.points,
            "model": info.model, "dim": info.dim}
