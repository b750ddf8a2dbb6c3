"""Refuse oversized uploads before their body is read: 413 by Content-Length, 411 without one.

FastAPI parses a multipart body (spooling it to disk) before any dependency runs, so the
size check must happen here, in front of the app, not in the route.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from search_api.problems import problem_response

UPLOAD_PATHS = ("/v1/documents",)


def is_upload(path: str) -> bool:
    """An upload endpoint: POST /v1/documents, or a file sent for an index job (/v1/jobs/{id}/files)."""
    path = path.rstrip("/")
    return path in UPLOAD_PATHS or (path.startswith("/v1/jobs/") and path.endswith("/files"))
FORM_OVERHEAD = 1_000_000  # room for the multipart framing and the metadata fields


class UploadLimit:
    """ASGI middleware guarding the upload endpoints."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app, self.file_limit, self.max_bytes = app, max_bytes, max_bytes + FORM_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and is_upload(scope["path"]):
            request = Request(scope)
            length = request.headers.get("content-length")
            if length is None or not length.isdigit():
                response = problem_response(request, status=411, title="Length Required", slug="length-required",
                                            detail="Upload med Content-Length (ikke chunked overførsel).")
                return await response(scope, receive, send)
            if int(length) > self.max_bytes:
                response = problem_response(request, status=413, title="File too large", slug="file-too-large",
                                            detail=f"Filen er for stor (grænsen er {self.file_limit / 1e6:g} MB).")
                return await response(scope, receive, send)
        await self.app(scope, receive, send)
