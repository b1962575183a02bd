"""Background work of the site as a whole, rather than of one app."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from . import warming

WARMING_DUE = "public-pages-warming-due"
WARMING_DELAY = 2  # seconds: a burst of saves (an admin form and its inlines) is rendered once


def schedule_page_warming() -> None:
    """Have the public pages rendered shortly, unless that is already due."""
    # The flag outlives the delay, so that a lost task stops holding others back after a minute.
    if cache.add(WARMING_DUE, 1, timeout=WARMING_DELAY + 60):
        try:
            warm_public_pages.apply_async(countdown=WARMING_DELAY)
        except Exception:
            cache.delete(WARMING_DUE)  # the next change tries again
            raise  # logged by the caller (on_commit, robust)


@shared_task
def warm_public_pages(render_again: bool = False) -> int:
    """Render the public pages not cached (`render_again`: all of them) in every language."""
    if not settings.PUBLIC_PAGE_WARMING:
        return 0
    cache.delete(WARMING_DUE)  # a change committed from now on schedules a new rendering
    return warming.warm_pages(render_again=render_again)
