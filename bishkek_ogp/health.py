"""Probes for the orchestrator: /healthz (the process answers), /readyz (it can do its work).

/readyz answers within a second whatever hangs: the cache and the broker are asked at once, each
with a short timeout, and a check that has not answered by then counts as failing.
"""

from __future__ import annotations

import concurrent.futures

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from bishkek_ogp.lib.fail_fast_cache import cache_is_resting

WITHIN_SECONDS = 0.8
_checks = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")


@never_cache
def healthz(request) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    if cache_is_resting():
        raise ConnectionError("the cache failed a moment ago")
    cache.set("readyz", "ok", timeout=10)
    if cache.get("readyz") != "ok":
        raise RuntimeError("cache did not keep a value")


def _broker() -> None:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        timeout = WITHIN_SECONDS / 2
        redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout).ping()


# The database is asked in the request's own thread (its connection belongs to the thread).
THREADED = {"cache": _cache, "broker": _broker}


@never_cache
def readyz(request) -> JsonResponse:
    """503 with the failing parts when the database, the cache or the broker cannot be reached."""
    failing = {}
    pending = {name: _checks.submit(check) for name, check in THREADED.items()}
    try:
        _database()
    except Exception as error:  # any failure means "not ready"; the reason is reported
        failing["database"] = type(error).__name__
    done, _late = concurrent.futures.wait(pending.values(), timeout=WITHIN_SECONDS)
    for name, future in pending.items():
        if future not in done:
            failing[name] = "TimeoutError"
        elif future.exception() is not None:
            failing[name] = type(future.exception()).__name__
    if failing:
        return JsonResponse({"status": "unavailable", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})
