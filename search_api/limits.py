"""Guard every request body before the app reads it: authentication first, a size limit per
route, and timeouts on reading.

FastAPI reads (and for multipart, spools to disk) a body before any dependency runs, so
these checks must happen here, in front of the app:

- a request that must carry a key (every body route except search and ask) and has none,
  or carries an unknown or revoked key, gets 401 before one byte of its body is read;
- a Content-Length over the route's limit is 413 at once; a body sent without one
  (chunked) is counted as it arrives and cut off at the limit; uploads need a length (411);
- a body that stalls longer than ``api.body_idle_timeout_s`` between two pieces, or takes
  longer than ``api.body_timeout_s`` in all, is answered 408.
"""

from __future__ import annotations

import time

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corpus.uploads import megabytes
from indexer.errors import Unauthorized
from indexer.settings import Settings
from search_api.auth import CHALLENGE, is_local_token, presented_credentials
from search_api.problems import problem_response

UPLOAD_PATHS = ("/v1/documents",)


def is_upload(path: str) -> bool:
    """An upload endpoint: POST /v1/documents, or a file sent for an index job (/v1/jobs/{id}/files)."""
    path = path.rstrip("/")
    return path in UPLOAD_PATHS or (path.startswith("/v1/jobs/") and path.endswith("/files"))


FORM_OVERHEAD = 1_000_000  # room for the multipart framing and the metadata fields
# Routes whose body an anonymous reader may send (when anonymous reading is on), with their limit.
ANONYMOUS_BODIES = {"/v1/search": 16_384, "/v1/ask": 16_384}


class BodyTooLarge(HTTPException):
    """The body grew past its limit while it was read (an HTTPException, so that FastAPI's
    body parsing passes it on to the problem+json handler instead of turning it into a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Forespørgslen er for stor (højst {megabytes(limit)}).")


class BodyTimeout(HTTPException):
    """The body stopped arriving."""

    def __init__(self) -> None:
        super().__init__(408, "Forespørgslen blev ikke sendt færdig i tide. Prøv igen.",
                         headers={"Connection": "close"})


class BodyLimits:
    """ASGI middleware: authenticate, bound and time every request body before the app sees it."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app, self.settings = app, settings
        self.file_limit = int(settings.ingest.max_file_mb * 1e6)

    def limit(self, method: str, path: str) -> int:
        """The most bytes a request to this route may send."""
        if method == "POST" and is_upload(path):
            return self.file_limit + FORM_OVERHEAD
        return ANONYMOUS_BODIES.get(path, self.settings.api.max_body_kb * 1024)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        method, path = scope["method"], scope["path"].rstrip("/") or "/"
        length = request.headers.get("content-length")
        has_body = (length not in (None, "0")) or "chunked" in request.headers.get("transfer-encoding", "")
        if has_body and (refusal := await self._refuse(request, method, path, length)):
            return await refusal(scope, receive, send)
        limit = self.limit(method, path)
        guarded = _GuardedBody(receive, limit=limit, idle=self.settings.api.body_idle_timeout_s,
                               total=self.settings.api.body_timeout_s)
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, guarded.receive, tracking_send)
        except (BodyTooLarge, BodyTimeout) as exc:
            if started:
                raise
            response = problem_response(request, status=exc.status_code, title=_TITLES[exc.status_code],
                                        slug=_TITLES[exc.status_code].lower().replace(" ", "-"),
                                        detail=exc.detail, headers=exc.headers)
            await response(scope, receive, send)

    async def _refuse(self, request: Request, method: str, path: str, length: str | None):
        """The response that ends the request before its body is read, or None to go on."""
        try:
            key, token = presented_credentials(request)
        except Unauthorized as exc:
            return problem_response(request, status=401, title="Unauthorized", slug="unauthorized",
                                    detail=exc.detail, headers=CHALLENGE)
        # A signed-in user's token is checked by the route; it opens only the reading routes' small bodies.
        anonymous_ok = path in ANONYMOUS_BODIES and (self.settings.auth.anonymous_read or token is not None)
        if key is None and not anonymous_ok:
            return problem_response(request, status=401, title="Unauthorized", slug="unauthorized", headers=CHALLENGE,
                                    detail="Denne handling kræver en API-nøgle (Authorization: Bearer <nøgle>).")
        if key is not None and not is_local_token(request, key) and not await self._known(request, key):
            return problem_response(request, status=401, title="Unauthorized", slug="unauthorized",
                                    detail="API-nøglen er ukendt eller tilbagekaldt.", headers=CHALLENGE)
        limit = self.limit(method, path)
        if length is None and method == "POST" and is_upload(path):
            return problem_response(request, status=411, title="Length Required", slug="length-required",
                                    detail="Upload med Content-Length (ikke chunked overførsel).")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return self._too_large(request, limit)
        return None

    async def _known(self, request: Request, key: str) -> bool:
        """True when the key is valid; without open services the routes themselves answer 503."""
        services = getattr(request.app.state, "services", None)
        if services is None:
            return True
        return await anyio.to_thread.run_sync(services.catalog.keys.verify, key) is not None

    def _too_large(self, request: Request, limit: int):
        if limit > FORM_OVERHEAD:
            return problem_response(request, status=413, title="File too large", slug="file-too-large",
                                    detail=f"Filen er for stor (grænsen er {megabytes(self.file_limit)}).")
        return problem_response(request, status=413, title="Payload too large", slug="payload-too-large",
                                detail=f"Forespørgslen er for stor (højst {megabytes(limit)}).")


_TITLES = {408: "Request Timeout", 413: "Payload too large"}


class _GuardedBody:
    """The app's ``receive``: counts body bytes and times each piece and the whole body."""

    def __init__(self, receive: Receive, *, limit: int, idle: float, total: float) -> None:
        self.inner, self.limit, self.idle = receive, limit, idle
        self.deadline = time.monotonic() + total
        self.read, self.done = 0, False

    async def receive(self) -> Message:
        if self.done:  # after the body: waiting for a disconnect, no timeout
            return await self.inner()
        wait = min(self.idle, self.deadline - time.monotonic())
        try:
            with anyio.fail_after(max(wait, 0.001)):
                message = await self.inner()
        except TimeoutError:
            raise BodyTimeout from None
        if message["type"] == "http.request":
            self.read += len(message.get("body", b""))
            if self.read > self.limit:
                raise BodyTooLarge(self.limit)
            self.done = not message.get("more_body", False)
        return message
