"""Every error leaves the API as RFC 9457 application/problem+json, rendered here only."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexer.errors import VidensbankError

log = logging.getLogger(__name__)

PROBLEM_TYPE = "https://ssp-vidensbank.dk/problems/"
MEDIA_TYPE = "application/problem+json"


def problem_response(request: Request, *, status: int, title: str, detail: str, slug: str,
                     headers: dict[str, str] | None = None, **extra: object) -> JSONResponse:
    """A problem+json response."""
    body = {"type": PROBLEM_TYPE + slug, "title": title, "status": status, "detail": detail,
            "instance": request.url.path, **extra}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


# Danish wording of the validation errors users meet most; others fall back to a generic text.
_DANISH = {
    "missing": "feltet mangler",
    "string_too_short": "må ikke være tom",
    "string_too_long": "er for lang",
    "greater_than_equal": "er for lille",
    "less_than_equal": "er for stor",
    "int_parsing": "skal være et heltal",
    "int_type": "skal være et heltal",
    "string_type": "skal være tekst",
    "list_type": "skal være en liste",
    "extra_forbidden": "er ikke et kendt felt",
    "json_invalid": "er ikke gyldig JSON",
    "model_attributes_type": "skal være et JSON-objekt",
    "too_long": "har for mange værdier",
    "greater_than": "er for lille",
    "less_than": "er for stor",
    "int_from_float": "skal være et heltal",
}


def _describe_validation(exc: RequestValidationError) -> tuple[str, list[dict]]:
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in exc.errors()]
    first = errors[0] if errors else {"loc": [], "msg": "", "type": ""}
    field = ".".join(p for p in first["loc"] if p != "body") or "forespørgslen"
    reason = _DANISH.get(first["type"], "har en ugyldig værdi")
    return f"Ugyldig værdi for {field}: {reason}.", errors


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json."""

    @app.exception_handler(VidensbankError)
    async def _domain(request: Request, exc: VidensbankError) -> JSONResponse:
        headers = exc.extra.get("headers") if isinstance(exc.extra.get("headers"), dict) else None
        extra = {k: v for k, v in exc.extra.items() if k != "headers"}
        return problem_response(request, status=exc.status, title=exc.title, detail=exc.detail,
                                slug=exc.type_slug, headers=headers, **extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = _describe_validation(exc)
        return problem_response(request, status=422, title="Invalid request", detail=detail,
                                slug="validation-error", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "Fejl"
        if exc.status_code == 404:
            detail = "Siden eller ressourcen findes ikke."
        elif exc.status_code == 405:
            detail = "Metoden er ikke tilladt for denne adresse."
        return problem_response(request, status=exc.status_code, title=_title(exc.status_code),
                                detail=detail, slug=f"http-{exc.status_code}",
                                headers=getattr(exc, "headers", None))

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> JSONResponse:
        # A last line behind the bounds on every parameter: a number too large for the database.
        return problem_response(request, status=422, title="Invalid request", slug="validation-error",
                                detail="Et tal i forespørgslen er for stort.")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem_response(request, status=500, title="Internal error",
                                detail="Der opstod en uventet fejl. Prøv igen senere.", slug="internal")


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
