"""Server-side cache of public pages, per language, dropped whenever what they show changes.

Rather than tracking which page shows which row, every page key carries the version of each topic
the page reads: "content" (the plan, its progress, monitoring) for every page, and "feedback" for
the pages that show citizens' feedback. Any save or delete bumps its topic's version, so every page
reading it misses at once. Content changes a few times a day; feedback arrives far more often, and
keeping it apart keeps the rest of the site cached while citizens write in.

Pages live in the shared cache (Redis in production) and, in front of it, in each process's
memory, where a hit costs no network round trip. Each process reads the shared versions at most
once a second, so another process's change shows everywhere within a second; the process that
made the change sees it at once.

A version moves when a row is saved and again when the save commits (a page rendered in between
from the old rows is dropped); a move the shared cache missed while unreachable is made once it
answers again. After a committed content change a worker renders the main pages again
(bishkek_ogp/warming.py), so that citizens seldom meet a page that must be rendered.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

CONTENT, FEEDBACK = "content", "feedback"
VERSION_KEYS = {CONTENT: "public-content-version", FEEDBACK: "public-feedback-version"}
VERSION_HELD_SECONDS = 1.0
Reads = tuple[str, ...] | Callable[[dict], tuple[str, ...]]
# Set on a request (never from HTTP) to render the page and replace its cached copy (warming).
RENDER_AGAIN = "render_public_page_again"
LOCAL_PAGES = 200  # per process: every public page in three languages, with room to spare


class LocalPages:
    """A small least-recently-used store of rendered pages, private to this process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, tuple[float, bytes, int, list]] = OrderedDict()
        self.versions: dict[str, tuple[float, int]] = {}  # topic -> (read at, value)
        self.unsaved_bumps: set[str] = set()  # topics whose version the shared cache missed

    def get(self, key: str) -> HttpResponse | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is None or entry[0] < time.monotonic():
                return None
            self.pages.move_to_end(key)
        _expires, content, status, headers = entry
        # A fresh response each time: middleware adds per-request headers to what it returns.
        return HttpResponse(content, status=status, headers=dict(headers))

    def put(self, key: str, response: HttpResponse, seconds: int) -> None:
        entry = (time.monotonic() + seconds, response.content, response.status_code,
                 list(response.items()))  # fmt: skip
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.versions.clear()
            self.unsaved_bumps.clear()


local = LocalPages(LOCAL_PAGES)


def content_version(topic: str = CONTENT) -> int | None:
    """The topic's version, read at most once a second; None while the shared cache is down."""
    held = local.versions.get(topic)
    if held is not None and time.monotonic() - held[0] < VERSION_HELD_SECONDS:
        return held[1]
    if topic in local.unsaved_bumps:
        bump_version(topic)
    key = VERSION_KEYS[topic]
    version = cache.get(key)
    # add() answers None only when the cache is unreachable (its errors are ignored: settings).
    if version is None and cache.add(key, first_version(), timeout=None) is not None:
        version = cache.get(key)
    local.versions[topic] = (time.monotonic(), version)
    return version


def first_version() -> int:
    # A new or emptied shared cache starts from the clock, never from a number some process may
    # still hold pages under from before a Redis restart.
    return time.time_ns() // 1_000_000


def bump_content_version(sender=None, using: str | None = None, **_signal_kwargs) -> None:
    """Signal receiver: what `sender` (a model) shows changed, so pages reading it are stale."""
    topic = getattr(sender, "public_cache_topic", CONTENT)
    if topic in local.unsaved_bumps:
        return  # the shared cache is down; one move once it answers drops every older page
    bump_version(topic)
    # Until the write commits, other processes still read the old rows, and may cache a page of
    # them under the version just moved; moving it again once the write is visible drops that page.
    # (A lambda, not a partial: Django names the callback when it logs a failure.)
    transaction.on_commit(lambda: pages_changed(topic), using=using, robust=True)


def bump_version(topic: str) -> None:
    local.versions.pop(topic, None)  # this process reads the new version on its next page
    try:
        moved = cache.incr(VERSION_KEYS[topic])
    except ValueError:  # no version yet: nothing is cached under it either
        moved = cache.add(VERSION_KEYS[topic], first_version(), timeout=None)
    # None: the shared cache is unreachable, its errors ignored (settings). Once it is back it
    # would serve the pages cached before the change, so the version is moved then, on this
    # process's next page.
    if moved is None:
        local.unsaved_bumps.add(topic)
    else:
        local.unsaved_bumps.discard(topic)


def pages_changed(topic: str) -> None:
    """A committed change: drop the pages that show `topic`; content changes have them rendered.

    Feedback arrives too often, and drops too few pages, to be worth rendering them each time
    ahead of a visit: its pages are rendered by the next visit, and by the half-hourly refresh.
    """
    if topic in local.unsaved_bumps:
        return  # the shared cache is down: the move is made once it answers (content_version)
    bump_version(topic)
    if settings.PUBLIC_PAGE_WARMING and topic == CONTENT:
        from bishkek_ogp.tasks import schedule_page_warming

        schedule_page_warming()


def has_session(request: HttpRequest) -> bool:
    """Whether the visitor brought a session cookie; checked without loading the session."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def page_key(full_path: str, topics: tuple[str, ...] = (CONTENT,)) -> str | None:
    """The cache key of a page in the current language, under the current versions of `topics`.

    None while the shared cache cannot be reached: without the versions no copy can be trusted.
    """
    numbers = [content_version(topic) for topic in topics]
    if None in numbers:
        return None
    versions = ".".join(map(str, numbers))
    digest = hashlib.sha256(full_path.encode("utf-8", "replace")).hexdigest()
    return f"public-page:{versions}:{get_language()}:{digest}"


def cached_page(key: str) -> HttpResponse | None:
    response = local.get(key)
    if response is None:
        response = cache.get(key)
        if response is not None:
            local.put(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response


def public_page(view=None, *, reads: Reads = ()):
    """Cache a public GET page server-side and let browsers and proxies keep it briefly.

    `reads` names the topics the page shows beyond "content", which every page reads; or it is a
    function of the view's keyword arguments that names them (one page of several that does).
    """
    if view is None:
        return functools.partial(public_page, reads=reads)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or has_session(request):
            # Signed-in people (committee, monitors) see fresh pages with their messages.
            return view(request, *args, **kwargs)
        extra = reads(kwargs) if callable(reads) else reads
        key = page_key(request.get_full_path(), (CONTENT, *extra))
        fresh = key is None or getattr(request, RENDER_AGAIN, False)
        response = None if fresh else cached_page(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if key is not None and response.status_code == 200 and not response.cookies:
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
                local.put(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
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
        for field in model._meta.local_many_to_many:  # e.g. a commitment's OGP values
            through = field.remote_field.through
            m2m_changed.connect(bump_content_version, sender=through, dispatch_uid=f"{uid}-{field}")
