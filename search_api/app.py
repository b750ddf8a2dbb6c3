"""The FastAPI application: built by create_app(settings), services opened in the lifespan."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from corpus.reconcile import reconcile
from corpus.services import Services
from corpus.worker import JobWorker
from indexer.errors import VidensbankError
from indexer.settings import Settings
from search_api import problems
from search_api.auth import require_reader
from search_api.limits import UploadLimit
from search_api.oidc import TokenVerifier
from search_api.rate_limit import TokenBuckets, rate_limited
from search_api.routes import admin, audit, documents, facets, feed, health, identity, jobs, search, ui

log = logging.getLogger(__name__)


def _startup_check(services: Services) -> None:
    """Reconcile store and catalog after a crash; a failing check is logged, never fatal."""
    if not services.settings.catalog.reconcile_on_start:
        return
    try:
        reconcile(services)
    except Exception:
        log.exception("the start-up check of store and catalog failed")


def _rate_limiter(settings: Settings):
    """Token buckets per caller: in Redis when replicas must share them, else in this process."""
    auth = settings.auth
    if not auth.rate_limit_per_minute:
        return None
    if auth.rate_limit_redis_url:
        from search_api.shared_rate_limit import RedisTokenBuckets

        return RedisTokenBuckets(auth.rate_limit_redis_url, per_minute=auth.rate_limit_per_minute,
                                 burst=auth.rate_limit_burst)
    return TokenBuckets(per_minute=auth.rate_limit_per_minute, burst=auth.rate_limit_burst)


def _start_worker(services: Services) -> JobWorker | None:
    """The background job worker of this process (None when jobs.run is off)."""
    jobs = services.settings.jobs
    return JobWorker(services, stale_after=jobs.stale_after_s).start() if jobs.run else None


def create_app(settings: Settings | None = None, *, services: Services | None = None,
               local_token: str | None = None) -> FastAPI:
    """Build the app. Pass ``services`` to reuse an open store (the serve command does), and
    ``local_token`` to accept the local CLI's token (see vidensbank.server_link)."""
    settings = settings or (services.settings if services else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = services is None
        app.state.services, app.state.startup_error, app.state.worker = services, None, None
        if own:
            try:
                app.state.services = Services.open(settings)
            except VidensbankError as exc:
                # Keep serving: /healthz answers, /readyz and searches say why (503).
                log.error("store not ready: %s", exc.detail)
                app.state.startup_error = exc
        if app.state.services is not None:
            _startup_check(app.state.services)
            app.state.worker = _start_worker(app.state.services)
        try:
            yield
        finally:
            if app.state.worker is not None:
                app.state.worker.stop()
            if own and app.state.services is not None:
                app.state.services.close()

    app = FastAPI(
        title="SSP Vidensbank",
        version="0.1.0",
        description="Søgning og svar med kildehenvisninger i dansk SSP-viden. Kuratering af korpusset "
                    "under /v1/documents med API-nøgler (Authorization: Bearer <nøgle> eller X-API-Key).",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.local_token = local_token
    app.state.rate_limiter = _rate_limiter(settings)
    providers = settings.auth.providers()
    app.state.tokens = TokenVerifier(providers) if providers else None
    app.add_middleware(UploadLimit, max_bytes=int(settings.ingest.max_file_mb * 1e6))
    if settings.api.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.api.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "X-API-Key", "Content-Type"],
                           expose_headers=["Retry-After"])
    problems.install(app)
    app.include_router(health.router)
    app.include_router(search.router, dependencies=[Depends(rate_limited)])
    app.include_router(facets.router, dependencies=[Depends(require_reader)])
    app.include_router(documents.router)
    app.include_router(audit.router)
    app.include_router(admin.router)
    app.include_router(jobs.router)
    app.include_router(identity.router)
    app.include_router(feed.router, dependencies=[Depends(rate_limited)])
    ui.install(app)
    return app
