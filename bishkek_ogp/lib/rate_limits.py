"""Hourly limits per client, counted in the shared cache (Redis in production), so that every web
process sees the same count."""

from __future__ import annotations

from django.core.cache import cache


def over_rate_limit(scope: str, who: str, limit: int) -> bool:
    """Count one use of `scope` by `who` (an address, a key); true past `limit` within the hour."""
    key = rate_key(scope, who)
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=3600)
        return False
    # No count while the cache is down: let the citizen through rather than lose the submission.
    return count is not None and count > limit


def rate_key(scope: str, who: str) -> str:
    return f"{scope}-rate:{who}"


def seconds_until_reset(scope: str, who: str) -> int:
    """When the hourly count of `scope` for `who` starts again (Redis knows; else an hour)."""
    ttl = getattr(cache, "ttl", None)  # django-redis only
    remaining = ttl(rate_key(scope, who)) if ttl else None
    return remaining if isinstance(remaining, int) and remaining > 0 else 3600
