"""The web interface: the Danish search page, the widget's demo and iframe pages, static assets.

Pages are plain HTML files with no inline script or style, so a strict Content-Security-Policy
holds; the scripts under /static build every value into the DOM as text.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from search_api.routes import originals

PACKAGE = Path(__file__).resolve().parent.parent
STATIC = PACKAGE / "static"
PAGES = PACKAGE / "templates"

CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'self' blob:; "
       "frame-ancestors {ancestors}")

router = APIRouter(include_in_schema=False)


def _page(name: str, *, ancestors: str = "'none'", head: str = "") -> HTMLResponse:
    headers = {"Content-Security-Policy": CSP.format(ancestors=ancestors),
               "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
               "Cache-Control": "no-cache"}
    html = (PAGES / name).read_text(encoding="utf-8")
    return HTMLResponse(html.replace("</head>", head + "</head>", 1) if head else html, headers=headers)


@router.get("/", response_class=HTMLResponse)
def search_page() -> HTMLResponse:
    """The search page; ``/?q=…`` runs the search on load."""
    return _page("search.html")


@router.get("/widget/demo", response_class=HTMLResponse)
def widget_demo() -> HTMLResponse:
    """The widget on a page of its own, with the snippet to copy."""
    return _page("widget-demo.html")


@router.get("/widget/embed", response_class=HTMLResponse)
def widget_embed(request: Request) -> HTMLResponse:
    """The widget alone, for intranets that embed it as an iframe."""
    origins = request.app.state.settings.api.cors_origins
    # The parents allowed to hand the frame a signed-in user's token by postMessage (embed.js).
    head = f'  <meta name="ssp-parent-origins" content="{escape(" ".join(origins))}">\n' if origins else ""
    return _page("widget-embed.html", ancestors=" ".join(["'self'", *origins]) if origins else "*", head=head)


@router.get("/kurator", response_class=HTMLResponse)
@router.get("/kurator/upload", response_class=HTMLResponse)
@router.get("/kurator/dokumenter", response_class=HTMLResponse)
@router.get("/kurator/log", response_class=HTMLResponse)
@router.get("/kurator/koersler", response_class=HTMLResponse)
@router.get("/kurator/dokument/{doc_id}", response_class=HTMLResponse)
def curation_page() -> HTMLResponse:
    """The curation pages; the key is asked for in the page and kept in the tab only."""
    return _page("curation.html")


def install(app: FastAPI) -> None:
    """Add the pages, the static assets and page previews."""
    app.include_router(router)
    app.include_router(originals.previews)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
