"""Render the public pages citizens open most, so that they seldom wait for one to be rendered.

Any change drops the cached pages that show it (bishkek_ogp/lib/public_cache.py), and a page
expires an hour after it was rendered. Without more, the next citizen to open each page waits
for it to be rendered, and a news story sends many at once. So a worker renders these pages in
every language into the shared cache right after each committed change to the plan, its
progress or monitoring, and again every half hour, before they expire (the beat schedule in
settings). Citizens' feedback, which arrives far more often, only drops its own few pages.

Each page goes through the same middleware and view as a citizen's request, built here rather
than received: the view's cache decides what is stored, exactly as for a visit.
"""

from __future__ import annotations

import functools
import io
import logging

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.urls import reverse
from django.utils import translation

from bishkek_ogp.lib.public_cache import RENDER_AGAIN, local
from commitments.models import Commitment

logger = logging.getLogger(__name__)

# The pages a visit starts from or comes back to; commitments' pages are added to these.
PAGES = (
    "commitments:home",
    "commitments:commitment-list",
    "commitments:update-list",
    "commitments:committee",
    "commitments:about",
    "commitments:open-data",
    "monitoring:index",
    "monitoring:report-list",
    "feedback:stats",
    "feedback:request-list",
)


def warmed_paths() -> list[str]:
    """The address of each page to render, in every language."""
    codes = list(Commitment.objects.published().values_list("code", flat=True))
    pages = [(name, {}) for name in PAGES]
    pages += [("commitments:commitment-detail", {"code": code}) for code in codes]
    paths = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths += [reverse(name, kwargs=kwargs) for name, kwargs in pages]
    return paths


def warm_pages(*, render_again: bool = False) -> int:
    """Render every warmed page that is not cached (`render_again`: every one); count the failures.

    Pages already cached under the current versions cost a cache read, so after a change only
    the pages that show it are rendered.
    """
    local.versions.clear()  # the shared versions as they are now, not as held a second ago
    failures = 0
    with translation.override(settings.LANGUAGE_CODE):  # the worker's language is left as it was
        for path in warmed_paths():
            request = page_request(path)
            setattr(request, RENDER_AGAIN, render_again)
            # Not closed: closing would signal the end of a request, which closes the worker's
            # database connection (and, in a test, the test's transaction).
            response = handler().get_response(request)
            if response.status_code != 200:
                failures += 1
                logger.warning("Warming %s answered %s", path, response.status_code)
    return failures


@functools.cache
def handler() -> BaseHandler:
    handler = BaseHandler()
    handler.load_middleware()
    return handler


def page_request(path: str) -> WSGIRequest:
    return WSGIRequest(page_environ(path))


def page_environ(path: str, query: str = "") -> dict:
    """The WSGI environment of an anonymous GET of `path`, to a host this site answers for."""
    secure = settings.SECURE_SSL_REDIRECT
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "443" if secure else "80",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "https" if secure else "http",
    }
