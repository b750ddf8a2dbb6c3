"""Per-request context: an id passed through ``X-Request-ID`` (made up when absent or odd),
the latency recorded by route and status, and one access log line without the query string."""

from __future__ import annotations

import logging
import re
import time
import uuid

from search_api.logs import request_id
from search_api.metrics import Metrics

HEADER = "x-request-id"
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
log = logging.getLogger("vidensbank.access")


def _incoming_id(scope) -> str:
    for name, value in scope.get("headers") or ():
        if name == HEADER.encode():
            text = value.decode("latin-1")
            if _VALID.fullmatch(text):
                return text
    return uuid.uuid4().hex


def _route(scope) -> str:
    """The route's path template (``/v1/documents/{doc_id}``): bounded label values."""
    route = scope.get("route")
    return getattr(route, "path", None) or ("static" if scope.get("path", "").startswith("/static") else "unmatched")


class RequestContext:
    """ASGI middleware around the whole app."""

    def __init__(self, app, *, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rid = _incoming_id(scope)
        token = request_id.set(rid)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (HEADER.encode(), rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - start
            route = _route(scope)
            self.metrics.observe_request(route=route, method=scope["method"], status=status, seconds=seconds)
            log.info("%s %s %s", scope["method"], scope.get("path", ""), status,
                     extra={"method": scope["method"], "route": route, "path": scope.get("path", ""),
                            "status": status, "duration_ms": round(seconds * 1000, 2)})
            request_id.reset(token)
