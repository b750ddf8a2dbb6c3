"""/docs (Swagger UI) and /redoc served from this server, with a Content-Security-Policy.

FastAPI's defaults load their scripts from a CDN, on the same origin where /kurator keeps a
curator's key in sessionStorage: a compromised CDN file could read it. The assets come from
the ``fastapi-offline`` wheel (its only use, so this is its home module); the one inline
script of each page is allowed by its hash, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
_INLINE = re.compile(r"<script>(.*?)</script>", re.S)


def _with_csp(page: HTMLResponse) -> HTMLResponse:
    """The page with a CSP that allows our own files and the page's inline scripts by hash."""
    body = page.body.decode()
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in _INLINE.findall(body))
    csp = (f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
    return HTMLResponse(body, headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
                                       "Referrer-Policy": "same-origin"})


def install(app: FastAPI) -> None:
    """Serve the docs pages and their assets; build the app with docs_url=None, redoc_url=None."""
    app.mount(ASSETS, StaticFiles(directory=str(files("fastapi_offline") / "static")), name="docs-assets")
    title = f"{app.title} – API"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return _with_csp(get_swagger_ui_html(
            openapi_url=app.openapi_url, title=title, swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css", swagger_favicon_url=f"{ASSETS}/favicon.png"))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _with_csp(get_redoc_html(openapi_url=app.openapi_url, title=title,
                                        redoc_js_url=f"{ASSETS}/redoc.standalone.js",
                                        redoc_favicon_url=f"{ASSETS}/favicon.png", with_google_fonts=False))
