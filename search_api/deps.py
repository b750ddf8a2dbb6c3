"""Request dependencies: the open services of the running app."""

from __future__ import annotations

from fastapi import Request

from corpus.services import Services
from indexer.errors import IndexNotReady


async def get_services(request: Request) -> Services:
    """The app's services, or 503 when the store could not be opened (on the event loop: a sync
    dependency would cost every request a trip to a worker thread)."""
    services = getattr(request.app.state, "services", None)
    if services is None:
        error = getattr(request.app.state, "startup_error", None)
        if isinstance(error, IndexNotReady):
            raise error
        # A missing model or a bad setting: every route says why, as 503, never a wrong answer.
        raise IndexNotReady(error.detail if error is not None else "Indekset er ikke klar endnu.")
    return services
