"""Reaching Qdrant through qdrant-client: which client a URL means, and retries with backoff
on transient errors (the one home of tenacity)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import httpx
from qdrant_client import QdrantClient
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from indexer.errors import IndexNotReady

log = logging.getLogger(__name__)
T = TypeVar("T")

MEMORY = ":memory:"
LOCAL_PREFIX = "local:"  # qdrant-client's local mode in a folder: tests and trials, never production
# Overloaded or restarting nodes answer these; anything else from the server is a real answer.
TRANSIENT_STATUS = frozenset({408, 429, 502, 503, 504})


class StoreUnavailable(IndexNotReady):
    """The Qdrant server cannot be reached (after retries)."""

    title, type_slug = "Vector store unavailable", "store-unavailable"


def is_local(url: str) -> bool:
    """True for qdrant-client's in-process local mode (in memory or in a folder)."""
    return url == MEMORY or url.startswith(LOCAL_PREFIX)


def make_client(url: str, *, api_key: str | None = None, timeout_s: float = 10.0) -> QdrantClient:
    """The client for ``url``: ':memory:', 'local:PATH' (local mode) or an http(s) server URL."""
    if url == MEMORY:
        return QdrantClient(MEMORY)
    if url.startswith(LOCAL_PREFIX):
        return QdrantClient(path=url[len(LOCAL_PREFIX):])
    # The version check would make a request of its own, before any retry can help.
    return QdrantClient(url=url, api_key=api_key, timeout=max(1, round(timeout_s)), check_compatibility=False)


def is_transient(exc: BaseException) -> bool:
    """Errors worth another try: no connection, a timeout, an overloaded or restarting node."""
    if isinstance(exc, UnexpectedResponse):
        return exc.status_code in TRANSIENT_STATUS
    return isinstance(exc, (ResponseHandlingException, httpx.TransportError, ConnectionError, TimeoutError))


def _reason(exc: BaseException) -> str:
    source = exc.source if isinstance(exc, ResponseHandlingException) else exc
    return f"{type(source).__name__}: {source}" if str(source) else type(source).__name__


class Retry:
    """Calls with retries and exponential backoff (with jitter) on transient errors; when they
    run out, a StoreUnavailable that says which server and why."""

    def __init__(self, url: str, *, retries: int = 3, initial_s: float = 0.2, max_s: float = 5.0) -> None:
        self.url, self.retries, self.initial_s, self.max_s = url, retries, initial_s, max_s

    def __call__(self, fn: Callable[..., T], *args, **kwargs) -> T:
        retrying = Retrying(retry=retry_if_exception(is_transient), stop=stop_after_attempt(self.retries + 1),
                            wait=wait_exponential_jitter(multiplier=self.initial_s, max=self.max_s),
                            reraise=True, before_sleep=self._log)
        try:
            return retrying(fn, *args, **kwargs)
        except Exception as exc:
            if not is_transient(exc):
                raise
            raise StoreUnavailable(
                f"Qdrant-serveren på {self.url} kan ikke nås efter {self.retries + 1} forsøg ({_reason(exc)}). "
                "Tjek VIDENSBANK_STORE__URL, og at serveren kører.", url=self.url) from None

    def _log(self, state) -> None:
        log.warning("Qdrant at %s: %s; retrying in %.1f s", self.url, _reason(state.outcome.exception()),
                    state.next_action.sleep)
