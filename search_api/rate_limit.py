"""Per-key rate limit on search and ask: an in-process token bucket, 429 with Retry-After.

Each key (or each client address, for anonymous readers) gets a bucket of ``burst`` tokens
refilled at ``per_minute`` per minute. The buckets live in this process unless
``auth.rate_limit_redis_url`` is set: then search_api.shared_rate_limit keeps them in Redis,
so several API replicas count against one limit.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import anyio.to_thread
from fastapi import Depends, Request

from indexer.errors import RateLimited
from search_api.auth import Principal, require_reader


class TokenBuckets:
    """Token buckets by caller, the least recently used dropped beyond ``max_callers``."""

    def __init__(self, *, per_minute: int, burst: int | None = None, clock: Callable[[], float] = time.monotonic,
                 max_callers: int = 10_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst or per_minute)
        self.clock, self.max_callers = clock, max_callers
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # caller -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, caller: str) -> float:
        """Spend one token: 0.0 when allowed, else the seconds until the next token."""
        with self._lock:
            now = self.clock()
            tokens, at = self._buckets.pop(caller, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[caller] = (tokens - 1 if wait == 0 else tokens, now)
            if len(self._buckets) > self.max_callers:
                self._buckets.popitem(last=False)
            return wait


def caller_id(request: Request, who: Principal) -> str:
    """The bucket a request counts against: its user or key, or its client address when anonymous."""
    if who.subject is not None:
        return f"user:{who.subject}"
    if not who.anonymous:
        return f"key:{who.key_id}"
    return f"ip:{request.client.host if request.client else 'unknown'}"


async def rate_limited(request: Request, who: Principal = Depends(require_reader)) -> Principal:
    """A reader dependency that also spends one token of the caller's bucket (429 when empty).
    This process's buckets are counted on the event loop; Redis is asked from a worker thread."""
    buckets = request.app.state.rate_limiter  # TokenBuckets or RedisTokenBuckets
    if buckets is not None:
        caller = caller_id(request, who)
        wait = buckets.take(caller) if isinstance(buckets, TokenBuckets) else \
            await anyio.to_thread.run_sync(buckets.take, caller)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise RateLimited(f"For mange forespørgsler; prøv igen om {seconds} sekunder.",
                              headers={"Retry-After": str(seconds)}, retry_after=seconds)
    return who
