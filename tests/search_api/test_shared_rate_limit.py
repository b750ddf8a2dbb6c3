"""The rate limit across replicas: two apps (two replicas) counting in one real Redis."""

from __future__ import annotations

import itertools

from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.shared_rate_limit import RedisTokenBuckets
from tests.conftest import make_settings

_prefixes = itertools.count()


def test_two_replicas_share_one_limit_per_caller(tmp_path, redis_url):
    auth = {"rate_limit_per_minute": 3, "rate_limit_redis_url": redis_url}
    one, two = (make_settings(tmp_path / name, auth=auth) for name in ("one", "two"))
    with TestClient(create_app(one)) as first, TestClient(create_app(two)) as second:
        search = {"json": {"query": "lokalgrupper"}}
        codes = [first.post("/v1/search", **search).status_code, second.post("/v1/search", **search).status_code,
                 first.post("/v1/search", **search).status_code]
        limited = second.post("/v1/search", **search)
        assert codes == [200, 200, 200] and limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1


def test_redis_buckets_refill_and_keep_callers_apart(redis_url):
    buckets = RedisTokenBuckets(redis_url, per_minute=60, burst=2, prefix=f"test{next(_prefixes)}:")
    assert [buckets.take("a"), buckets.take("a")] == [0.0, 0.0]
    assert 0 < buckets.take("a") <= 1.0
    assert buckets.take("b") == 0.0


def test_an_unreachable_redis_lets_requests_through(tmp_path):
    buckets = RedisTokenBuckets(f"unix://{tmp_path / 'nothing.sock'}", per_minute=1, burst=1)
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
