"""The FastAPI application: built by create_app(settings), services opened in the lifespan."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI

from corpus.reconcile import reconcile
from corpus.services import Services
from corpus.worker import JobWorker
from indexer.errors import VidensbankError
from indexer.settings import Settings
from search_api import access_log, api_docs, problems
from search_api.auth import require_reader
from search_api.cors import ProblemCORSMiddleware
from search_api.limits import BodyLimits
from search_api.metrics import Metrics
from search_api.oidc import TokenVerifier
from search_api.rate_limit import TokenBuckets, rate_limited
from search_api.request_context import RequestContext
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


def _watch_embedding(services: Services, metrics: Metrics) -> None:
    """Model calls and store reads report their time (and batch size) to the app's metrics."""
    if hasattr(services.embedder, "observer"):
        services.embedder.observer = metrics.observe_embedding
    if hasattr(services.store, "observer"):
        services.store.observer = metrics.observe_store



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
        # Sync routes run on worker threads: this many requests at once (the model work queues behind them).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api.threads
        app.state.services, app.state.startup_error, app.state.worker = services, None, None
        if own:
            try:
                app.state.services = Services.open(settings)
            except VidensbankError as exc:
                # Keep serving: /healthz answers, /readyz and searches say why (503).
                log.error("store not ready: %s", exc.detail)
                app.state.startup_error = exc
        if app.state.services is not None:
            _watch_embedding(app.state.services, app.state.metrics)
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
        docs_url=None,
        redoc_url=None,  # served by api_docs, without a CDN
    )
    app.state.settings = settings
    app.state.local_token = local_token
    access_log.install()
    app.state.rate_limiter = _rate_limiter(settings)
    providers = settings.auth.providers()
    app.state.tokens = TokenVerifier(providers) if providers else None
    app.state.metrics = Metrics(app)
    app.add_middleware(BodyLimits, settings=settings)  # inside CORS, so refusals carry its headers
    if settings.api.cors_origins:
        app.add_middleware(ProblemCORSMiddleware, allow_origins=settings.api.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"],
                           expose_headers=["Retry-After", "X-Request-ID"])
    app.add_middleware(RequestContext, metrics=app.state.metrics)  # outermost: sees every response
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
    api_docs.install(app)
    return app
