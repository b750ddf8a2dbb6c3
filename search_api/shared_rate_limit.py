"""The rate limit shared by every API replica: the same token buckets, kept in Redis.

One Lua script refills and spends a caller's bucket atomically on the Redis server, with the
server's clock, so replicas behind a load balancer count against one limit. This is the only
module that imports `redis` (the maintained redis-py client; extra `[redis]`). When Redis cannot
be reached the request is let through and a warning logged: the limit protects capacity, and an
outage of Redis should not take search down with it.
"""

from __future__ import annotations

import logging

from indexer.errors import ConfigurationError

log = logging.getLogger(__name__)

TAKE = """
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""


class RedisTokenBuckets:
    """search_api.rate_limit.TokenBuckets, with the buckets in Redis (same ``take``)."""

    def __init__(self, url: str, *, per_minute: int, burst: int | None = None, prefix: str = "vidensbank:rl:") -> None:
        try:
            import redis
        except ImportError:
            raise ConfigurationError("auth.rate_limit_redis_url kræver pakken redis (pip install 'ssp-vidensbank[redis]').") from None
        self._errors = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.script = self.client.register_script(TAKE)
        self.rate, self.burst, self.prefix = per_minute / 60.0, float(burst or per_minute), prefix

    def take(self, caller: str) -> float:
        """Spend one token: 0.0 when allowed, else the seconds until the next token."""
        try:
            return float(self.script(keys=[self.prefix + caller], args=[self.rate, self.burst]))
        except self._errors as exc:
            log.warning("the shared rate limit is unavailable (%s); letting the request through", type(exc).__name__)
            return 0.0
