"""Named points where a test can end the process abruptly, to prove that no crash window
exposes or loses anything (tests/crash/).

``VIDENSBANK_TEST_CRASH_AT=<name>`` (or ``<name>:<n>`` for the n-th arrival) ends the
process at that point with exit code 137, as ``kill -9`` would: no clean-up, no flush, no
exception handlers. Unset, a point costs one environment lookup.
"""

from __future__ import annotations

import os

ENV = "VIDENSBANK_TEST_CRASH_AT"
EXIT_CODE = 137

_arrivals: dict[str, int] = {}


def reach(name: str) -> None:
    """End the process here when the test hook names this point (and its arrival count is due)."""
    target = os.environ.get(ENV)
    if not target:
        return
    point, _, nth = target.partition(":")
    if point != name:
        return
    _arrivals[name] = _arrivals.get(name, 0) + 1
    if _arrivals[name] >= int(nth or 1):
        os._exit(EXIT_CODE)
