"""Probes for the orchestrator: /healthz (the process answers), /readyz (it can do its work)."""

from __future__ import annotations

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("readyz", "ok", timeout=10)
    if cache.get("readyz") != "ok":
        raise RuntimeError("cache did not keep a value")


def _broker() -> None:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
def readyz(request) -> JsonResponse:
    """503 with the failing parts when the database, the cache or the broker cannot be reached."""
    failing = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means "not ready"; the reason is reported
            failing[name] = type(error).__name__
    if failing:
        return JsonResponse({"status": "unavailable", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})
