"""A Redis cache client that fails fast, and after a failure stops asking for a few seconds.

The cache only speeds pages up and counts limits: the site works without it (IGNORE_EXCEPTIONS in
settings). A Redis that is down refuses connections at once, but one that hangs (alive and not
answering) made every cache call wait its whole socket timeout, several per page: pages took
seconds and submissions outlived their senders' patience. So operations time out quickly
(REDIS_SOCKET_TIMEOUT), and once one has failed this process skips Redis for RESTING_SECONDS,
answering as the cache does while Redis is down: reads miss, writes are dropped.
"""

from __future__ import annotations

import functools
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted

RESTING_SECONDS = 5.0
_resting_until = 0.0  # per process: each web worker finds out for itself


class CacheResting(ConnectionInterrupted):
    def __str__(self) -> str:
        return "Redis failed a moment ago; the cache is skipped for a few seconds"


def _guarded(operation):
    @functools.wraps(operation)
    def guarded(self, *args, **kwargs):
        global _resting_until
        if time.monotonic() < _resting_until:
            raise CacheResting(connection=None)
        try:
            return operation(self, *args, **kwargs)
        except ConnectionInterrupted:
            _resting_until = time.monotonic() + RESTING_SECONDS
            raise

    return guarded


class FailFastClient(DefaultClient):
    """django-redis's client, each cache operation guarded (CLIENT_CLASS in settings)."""


for _name in (
    "get", "set", "add", "incr", "decr", "delete", "get_many", "set_many", "delete_many",
    "has_key", "ttl", "expire", "touch", "clear", "keys", "iter_keys", "delete_pattern",
):  # fmt: skip
    setattr(FailFastClient, _name, _guarded(getattr(DefaultClient, _name)))


def cache_is_resting() -> bool:
    return time.monotonic() < _resting_until
