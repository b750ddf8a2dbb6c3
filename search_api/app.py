"""The FastAPI application: built by create_app(settings), services opened in the lifespan."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from corpus.services import Services
from indexer.errors import VidensbankError
from indexer.settings import Settings
from search_api import problems
from search_api.routes import facets, health, search, ui

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> FastAPI:
    """Build the app. Pass ``services`` to reuse an open store (the serve command does)."""
    settings = settings or (services.settings if services else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = services is None
        app.state.services, app.state.startup_error = services, None
        if own:
            try:
                app.state.services = Services.open(settings)
            except VidensbankError as exc:
                # Keep serving: /healthz answers, /readyz and searches say why (503).
                log.error("store not ready: %s", exc.detail)
                app.state.startup_error = exc
        try:
            yield
        finally:
            if own and app.state.services is not None:
                app.state.services.close()

    app = FastAPI(
        title="SSP Vidensbank",
        version="0.1.0",
        description="Søgning og svar med kildehenvisninger i dansk SSP-viden.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if settings.api.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.api.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    problems.install(app)
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(facets.router)
    ui.install(app)  # last: it adds the file route only if the API has none
    return app
