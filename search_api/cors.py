"""CORS for the intranets that embed the widget, with refusals as problem+json like every error."""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from search_api.problems import MEDIA_TYPE, PROBLEM_TYPE

_WHAT = {"origin": "adressen (origin)", "method": "metoden", "headers": "headerne",
         "private-network": "adgang fra privat netværk"}


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware; a refused preflight answers 400 application/problem+json."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        failures = response.body.decode().removeprefix("Disallowed CORS ").split(", ")
        what = ", ".join(_WHAT.get(f, f) for f in failures)
        body = {"type": PROBLEM_TYPE + "cors-rejected", "title": "CORS request rejected", "status": 400,
                "detail": f"Forespørgsler fra en anden side er ikke tilladt for {what}.", "failures": failures}
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
        return Response(json.dumps(body, ensure_ascii=False), status_code=400, media_type=MEDIA_TYPE,
                        headers=headers)
