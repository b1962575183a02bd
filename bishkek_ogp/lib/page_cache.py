"""Public pages kept in Django's cache (Redis in production), until what they show changes.

A page is stored under its address, its language and one content version. The version moves
once a change to a public model commits (`content_changed`, connected to the models the project
lists in bishkek_ogp/apps.py), so every page is rendered again on its next visit. A page is never
shared when it may differ by visitor: a request carrying a session, flash messages or a CSRF
cookie is rendered for itself, and so is a page that showed a message. Query parameters a page
does not read are dropped by a redirect, so junk query strings neither force renders nor push
popular pages out of the cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

VERSION_KEY = "public-pages-version"
# Cookies after which a page may differ by visitor: staff sessions, flash messages, CSRF tokens.
PERSONAL_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"})


def content_version() -> int | None:
    """The current version of public content; None while the cache cannot be reached."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new or emptied cache starts from the clock, above any version used before it.
        cache.add(VERSION_KEY, time.time_ns() // 1_000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def move_version() -> None:
    with contextlib.suppress(ValueError):  # no version yet, so no page is stored under one
        cache.incr(VERSION_KEY)


def content_changed(sender=None, using: str | None = None, **_signal) -> None:
    """Receiver: a public row was saved or deleted; pages show it once the change commits.

    Moving the version before the commit would let another process store a page of the old rows
    under the new version; a process that read the version before the commit stores its page
    under the old one, never served again.
    """
    transaction.on_commit(move_version, using=using, robust=True)


def version_moves_with(models: Iterable[type]) -> None:
    """Connect `content_changed` to the saves, deletes and many-to-many changes of `models`."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models:
        uid = f"page-cache-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"{uid}-{field}")


def is_personal(request: HttpRequest) -> bool:
    """Whether the page may differ for this visitor, so it must be neither stored nor reused."""
    return not PERSONAL_COOKIES.isdisjoint(request.COOKIES) or "HTTP_AUTHORIZATION" in request.META


def showed_a_message(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and (storage.used or bool(storage._queued_messages))


def page_key(request: HttpRequest, version: int, query: str) -> str:
    address = f"{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()
    return f"public-page:{version}:{get_language()}:{digest}"


def known_query(request: HttpRequest, params: Iterable[str]) -> str:
    """The query string with only the parameters the page reads, in a fixed order."""
    query = QueryDict(mutable=True)
    for name in sorted(params):
        values = request.GET.getlist(name)
        if values:
            query.setlist(name, values)
    return query.urlencode()


def public_page(
    view: Callable | None = None, *, params: Iterable[str] = (), timeout: int | None = None
):
    """Cache an anonymous GET of a public page; browsers and proxies may keep it briefly.

    `params` names the query parameters the page reads; `timeout` shortens how long the page is
    kept (pages of citizens' feedback, which moves too often to move the version).
    """
    if view is None:
        return functools.partial(public_page, params=params, timeout=timeout)
    params = frozenset(params)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        query = known_query(request, params)
        if set(request.GET) - params:
            return HttpResponsePermanentRedirect(
                f"{request.path}?{query}" if query else request.path
            )
        if is_personal(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        version = content_version()
        key = None if version is None else page_key(request, version, query)
        response = cache.get(key) if key else None
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if showed_a_message(request) or response.cookies:
                patch_cache_control(response, private=True, no_cache=True)
                return response
            if key and response.status_code == 200:
                cache.set(key, response, timeout or settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    return wrapper
