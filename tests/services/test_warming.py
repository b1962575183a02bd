"""On the production shape, a worker renders the public pages after a change, before any visit."""

from __future__ import annotations

import pytest
import redis
import requests

from bishkek_ogp import warming
from tests.services.site import pages_cached_under, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def worker(site):
    site.start_worker("warming")
    yield
    site.stop_workers()


def test_a_published_change_is_rendered_in_every_language_before_anyone_asks(site, worker):
    store = redis.Redis.from_url(site.redis.url)
    site.publish_progress("KGBSK0001", "Warming check", "Started.")
    version = int(store.get(next(store.scan_iter(match=b"*public-content-version"))))
    expected = len(warming.PAGES) + 3  # and the three commitments' pages, in three languages
    wait_until(
        lambda: pages_cached_under(site.redis.url, version) == 3 * expected,
        "the pages rendered",
        60,
    )
    page = requests.get(f"{site.url}/en/commitments/KGBSK0001/", timeout=10)
    assert "Warming check" in page.text
