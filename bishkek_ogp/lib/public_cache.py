"""Server-side cache of public pages, per language, dropped whenever public content changes.

Rather than tracking which page shows which row, every page key carries a content version; any
save or delete of public content bumps the version, so all cached pages miss at once. The site's
content changes a few times a day and is read far more often, which makes this the right trade.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

VERSION_KEY = "public-content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**_signal_kwargs) -> None:
    """Signal receiver: public content changed, so every cached page is stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: nothing is cached under it either
        cache.add(VERSION_KEY, 1, timeout=None)


def has_session(request: HttpRequest) -> bool:
    """Whether the visitor brought a session cookie; checked without loading the session."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def public_page(view):
    """Cache a public GET page server-side and let browsers and proxies keep it briefly."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or has_session(request):
            # Signed-in people (committee, monitors) see fresh pages with their messages.
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode("utf-8", "replace")).hexdigest()
        key = f"public-page:{content_version()}:{get_language()}:{path}"
        cached = cache.get(key)
        if cached is not None:
            response = cached
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies:
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    return wrapper


def drop_cached_pages_on_change(app_config) -> None:
    """Connect every model of an app so that any write to it drops the cached public pages."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in app_config.get_models():
        if not getattr(model, "shown_on_public_pages", True):
            continue  # e.g. followers' subscriptions: no page shows them
        uid = f"public-cache-{model._meta.label}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(bump_content_version, dispatch_uid="public-cache-m2m")
