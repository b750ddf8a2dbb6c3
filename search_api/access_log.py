"""The access log records route and status, never a query string: ``/?q=…`` carries what a
reader searched for (a CPR number, a name) and ``/widget/embed?key=…`` a widget key.

Installed on uvicorn's access logger by ``create_app``, so it holds however the app is served.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


def without_query(target: str) -> str:
    """A request target with its query string (and any fragment) cut off."""
    return target.split("?", 1)[0].split("#", 1)[0]


class DropQueryStrings(logging.Filter):
    """Rewrites uvicorn's access records (client, method, target, version, status) to the path only."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], without_query(args[2]), *args[3:])
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger once."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())
